// Every input schema, fuzzed on its own (no database): parsing anything a form, a query string or a
// JSON body can hold either succeeds or throws the 'invalid' AppError forms and routes show (field →
// messages, no stack trace), never another error (that would be a 500); and what a schema accepts it
// accepts again unchanged (parsing is idempotent), so a value that passed once cannot fail when a
// later step re-checks it.
import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { newOfficeSchema, updateOfficeSchema } from '@/lib/admin/manage-offices';
import { newUserSchema, passwordSchema, updateUserSchema } from '@/lib/admin/manage-users';
import { agentFiltersSchema } from '@/lib/agents/list-agents';
import { AGENCIES, OFFICE_KINDS } from '@/lib/domain/offices';
import { ROLES } from '@/lib/domain/roles';
import { CLOCKED_STAGE_GOALS } from '@/lib/domain/goals';
import { COMPLETION_KINDS, DISPUTING_AGENCIES, ESCALATION_LEVELS, MODULE_AUDIENCES, MODULE_OWNERS } from '@/lib/domain/training';
import { ACTIONS, REQUEST_KINDS, RESCIND_CATEGORIES, STATES } from '@/lib/domain/workflow-states';
import { requestFiltersSchema } from '@/lib/requests/list-requests';
import { anyJson, hostileRecord, hostileString, hostileText, hostileValue, isoDateish, nastyString } from '@/lib/testing/fuzz/arbitraries';
import { attempt, runs } from '@/lib/testing/fuzz/harness';
import { dashboardFiltersSchema } from '@/lib/timeliness/dashboard';
import { periodFiltersSchema } from '@/lib/timeliness/decided-requests';
import { goalVersionSchema } from '@/lib/timeliness/manage-goals';
import { escalateDisputeSchema, raiseDisputeSchema, resolveDisputeSchema } from '@/lib/training/disputes';
import { editModuleSchema, moduleParticularsSchema, newModuleSchema } from '@/lib/training/manage-modules';
import { completionFieldsSchema, manualRecordSchema } from '@/lib/training/record-completions';
import { parseOrThrow } from './parse';
import { agentInputSchema, badgeSchema, borderNexusSchema, divisionIdSchema, editRequestSchema, newRequestsSchema, submissionKeySchema } from './request-input';
import { idSchema, transitionFormSchema } from './transition-input';

const idText = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }).map(String), fc.constantFrom('', '0', '-1', '1.5', '1e3', ' 7 '));
const dateText = fc.oneof({ weight: 4, arbitrary: isoDateish }, { weight: 1, arbitrary: fc.constantFrom('') });
const checkbox = fc.constantFrom<unknown>('on', 'yes', 'true', true, false, '', undefined, 'off');
const whole = (max: number) => fc.oneof(fc.integer({ min: -1, max: max + 1 }).map(String), fc.constantFrom('', '1.5', '1e2', ' 3 '));

/** Plausible values per field name (mostly valid), so that parses succeed often enough to test. */
const FIELD_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  kind: fc.constantFrom(...REQUEST_KINDS, ...COMPLETION_KINDS, ...OFFICE_KINDS),
  deaDivisionId: idText,
  borderNexus: hostileText(20, 4000),
  agents: fc.array(fc.record({ name: hostileText(1, 120), badge: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{2,19}$/), dutyStation: hostileText(1, 120) }), { minLength: 1, maxLength: 4 }),
  name: hostileText(1, 120),
  badge: fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{2,19}$/), fc.constantFrom('ß-1', 'ﬃ-12', ' ab-1 ')),
  dutyStation: hostileText(1, 120),
  action: fc.constantFrom(...ACTIONS),
  expectedState: fc.constantFrom(...STATES, ''),
  reason: fc.oneof(hostileText(0, 2000), fc.constant('')),
  reasonCategory: fc.constantFrom(...RESCIND_CATEGORIES, ''),
  divisionId: idText,
  q: nastyString,
  state: fc.constantFrom(...STATES, ''),
  office: idText,
  division: idText,
  page: fc.oneof(fc.integer({ min: 0, max: 100_001 }).map(String), fc.constant('')),
  fy: fc.oneof(fc.integer({ min: 1989, max: 2101 }).map(String), fc.constant('')),
  from: dateText,
  to: dateText,
  activeOn: dateText,
  email: fc.tuple(fc.stringMatching(/^[A-Za-z0-9_'+-]{1,20}$/), fc.constantFrom('agency.gov', 'x.example')).map(([l, d]) => ` ${l}@${d} `),
  password: fc.string({ unit: 'grapheme', minLength: 11, maxLength: 40 }),
  role: fc.constantFrom(...ROLES),
  officeId: idText,
  isActive: checkbox,
  code: fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,39}$/), fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,39}$/)),
  agency: fc.constantFrom(...AGENCIES),
  stage: fc.constantFrom(...CLOCKED_STAGE_GOALS),
  businessDays: whole(365),
  warningPercent: fc.oneof(whole(100), fc.double({ min: 0, max: 101, noNaN: true }).map(String)),
  effectiveFrom: dateText,
  note: fc.oneof(hostileText(0, 500), fc.constant('')),
  title: hostileText(1, 200),
  ownerAgency: fc.constantFrom(...MODULE_OWNERS),
  audience: fc.constantFrom(...MODULE_AUDIENCES),
  isRequiredBeforeActivation: checkbox,
  refresherMonths: whole(120),
  completionWindowDays: whole(730),
  moduleId: idText,
  disputeId: idText,
  point: hostileText(1, 2000),
  raisedByAgency: fc.constantFrom(...DISPUTING_AGENCIES),
  raisedOn: dateText,
  level: fc.constantFrom(...ESCALATION_LEVELS),
  on: dateText,
  resolvedOn: dateText,
  resolution: hostileText(1, 4000),
  moduleCode: fc.stringMatching(/^[A-Za-z0-9-]{1,40}$/),
  completedOn: dateText,
  version: fc.constantFrom('', '1', ' 2 ', '0', '1.0', '١'),
};

interface Case {
  name: string;
  schema: z.ZodType;
  /** The value to start from: the schema's object keys with plausible or hostile values. */
  input: fc.Arbitrary<unknown>;
}

function objectCase(name: string, schema: z.ZodType): Case {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  if (!shape) throw new Error(`${name} has no shape`);
  const model = Object.fromEntries(Object.keys(shape).map((key) => [key, FIELD_VALUES[key] ?? hostileValue]));
  return {
    name,
    schema,
    input: fc.oneof({ weight: 4, arbitrary: fc.record(model) }, { weight: 2, arbitrary: hostileRecord(model) }, { weight: 1, arbitrary: anyJson }),
  };
}

function valueCase(name: string, schema: z.ZodType, plausible: fc.Arbitrary<unknown>): Case {
  return { name, schema, input: fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 2, arbitrary: hostileValue }, { weight: 1, arbitrary: anyJson }) };
}

const CASES: Case[] = [
  objectCase('newRequestsSchema', newRequestsSchema),
  objectCase('editRequestSchema', editRequestSchema),
  objectCase('agentInputSchema', agentInputSchema),
  valueCase('badgeSchema', badgeSchema, FIELD_VALUES.badge!),
  valueCase('divisionIdSchema', divisionIdSchema, idText),
  valueCase('borderNexusSchema', borderNexusSchema, hostileText(15, 4010)),
  valueCase('submissionKeySchema', submissionKeySchema, fc.oneof(fc.stringMatching(/^[A-Za-z0-9-]{6,66}$/), hostileString)),
  objectCase('transitionFormSchema', transitionFormSchema),
  valueCase('idSchema', idSchema, idText),
  objectCase('requestFiltersSchema', requestFiltersSchema),
  objectCase('agentFiltersSchema', agentFiltersSchema),
  objectCase('dashboardFiltersSchema', dashboardFiltersSchema),
  objectCase('periodFiltersSchema', periodFiltersSchema),
  objectCase('newUserSchema', newUserSchema),
  objectCase('updateUserSchema', updateUserSchema),
  valueCase('passwordSchema', passwordSchema, FIELD_VALUES.password!),
  objectCase('newOfficeSchema', newOfficeSchema),
  objectCase('updateOfficeSchema', updateOfficeSchema),
  objectCase('goalVersionSchema', goalVersionSchema),
  objectCase('moduleParticularsSchema', moduleParticularsSchema),
  objectCase('newModuleSchema', newModuleSchema),
  objectCase('editModuleSchema', editModuleSchema),
  objectCase('raiseDisputeSchema', raiseDisputeSchema),
  objectCase('escalateDisputeSchema', escalateDisputeSchema),
  objectCase('resolveDisputeSchema', resolveDisputeSchema),
  objectCase('completionFieldsSchema', completionFieldsSchema),
  objectCase('manualRecordSchema', manualRecordSchema),
];

describe.each(CASES)('$name', (c) => {
  it('parses or refuses with a safe invalid AppError, and accepts its own output unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(c.input, (input) => {
        const outcome = attempt(() => parseOrThrow(c.schema, input), ['invalid']);
        if (!outcome.ok) return;
        accepted += 1;
        const again = attempt(() => parseOrThrow(c.schema, outcome.value), ['invalid']);
        if (!again.ok) throw new Error(`${c.name} accepted ${JSON.stringify(input)} as ${JSON.stringify(outcome.value)}, then refused that: ${JSON.stringify(again.error.fieldErrors)}`);
        expect(again.value).toEqual(outcome.value);
      }),
      { numRuns: runs(2000) },
    );
    console.info(`${c.name}: accepted ${accepted} of ${runs(2000)}`);
    // Otherwise the idempotence half tested nothing.
    expect(accepted, `${c.name} accepted nothing`).toBeGreaterThan(0);
  });
});

describe('bugs the fuzz found, fixed', () => {
  // A note of spaces was stored as '' (the blank check ran before trimming), and parsing the result
  // again gave null: two answers for one value.
  it('a note of spaces on an escalation is no note (null)', () => {
    expect(escalateDisputeSchema.parse({ disputeId: '1', level: 'headquarters', on: '2025-03-01', note: '   ' }).note).toBeNull();
  });
  it('a note of spaces on a goal version is no note (null)', () => {
    expect(goalVersionSchema.parse({ stage: 'hsi_review', businessDays: '5', warningPercent: '80', effectiveFrom: '2025-03-01', note: '   ' }).note).toBeNull();
  });
  // The version's preprocess called String() on any value: a TypeError for {"toString":1}.
  it('a version that cannot be turned into text is refused, not thrown', () => {
    const outcome = attempt(() => parseOrThrow(completionFieldsSchema, { badge: 'ABC-1', moduleCode: 'X', completedOn: '2025-03-01', version: JSON.parse('{"toString":1}') }), ['invalid']);
    expect(outcome.ok).toBe(false);
  });
});
