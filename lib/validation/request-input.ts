// What a supervisor types to propose agents, checked the same way in the browser's server action, the
// JSON route and the tests. Messages name the rule in words a supervisor uses.
import { z } from 'zod';
import { REQUEST_KINDS } from '@/lib/domain/workflow-states';

export const MAX_AGENTS_PER_SUBMISSION = 25;
export const BADGE_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,19}$/;

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .max(max, `The ${label} must be ${max} characters or fewer.`);

export const badgeSchema = z
  .string({ error: 'Enter the badge or employee number.' })
  .trim()
  .toUpperCase()
  // An empty badge gets one message, not also the pattern's.
  .min(1, { error: 'Enter the badge or employee number.', abort: true })
  .regex(BADGE_PATTERN, 'Use 3 to 20 letters, digits or hyphens, starting with a letter or digit.');

export const divisionIdSchema = z.coerce
  .number({ error: 'Choose the DEA division where the agent will work.' })
  .int('Choose the DEA division where the agent will work.')
  .positive('Choose the DEA division where the agent will work.');

export const borderNexusSchema = z
  .string({ error: 'Explain the border nexus.' })
  .trim()
  .min(20, 'Explain the border nexus in at least 20 characters: the smuggling across the border or through a port of entry this agent will investigate.')
  .max(4000, 'Keep the border nexus justification to 4,000 characters or fewer.');

export const agentInputSchema = z.object({
  name: text('agent’s full name', 120),
  badge: badgeSchema,
  dutyStation: text('duty station', 120),
});

export const newRequestsSchema = z
  .object({
    kind: z.enum(REQUEST_KINDS, { error: 'Choose initial designation or renewal.' }),
    deaDivisionId: divisionIdSchema,
    borderNexus: borderNexusSchema,
    agents: z
      .array(agentInputSchema)
      .min(1, 'Add at least one agent.')
      .max(MAX_AGENTS_PER_SUBMISSION, `Propose at most ${MAX_AGENTS_PER_SUBMISSION} agents at a time.`),
  })
  .superRefine((value, ctx) => {
    const seen = new Map<string, number>();
    value.agents.forEach((agent, index) => {
      const first = seen.get(agent.badge);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['agents', index, 'badge'],
          message: `Badge ${agent.badge} is already listed as agent ${first + 1}.`,
        });
      } else {
        seen.set(agent.badge, index);
      }
    });
  });
export type NewRequestsInput = z.infer<typeof newRequestsSchema>;

export const editRequestSchema = z.object({
  name: text('agent’s full name', 120),
  dutyStation: text('duty station', 120),
  deaDivisionId: divisionIdSchema,
  borderNexus: borderNexusSchema,
});
export type EditRequestInput = z.infer<typeof editRequestSchema>;

export const submissionKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,64}$/, 'The form’s key is malformed; reload the page.');
