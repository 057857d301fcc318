import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRequests } from '@/lib/requests/create-requests';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { transitionRequest } from './transition-request';

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.close());

describe('a request from proposal to designation', () => {
  it('walks the happy path', () => {
    const sup = makeUser(t.db, 'supervisor', 'hsi-el-paso');
    const hsi = makeUser(t.db, 'hsi_hq');
    const dea = makeUser(t.db, 'dea_hq');
    const div = makeUser(t.db, 'dea_division', 'dea-el-paso');
    const [req] = createRequests(
      t.db,
      sup,
      {
        kind: 'initial',
        deaDivisionId: officeId(t.db, 'dea-el-paso'),
        borderNexus: 'Fentanyl smuggling through the Ysleta port of entry.',
        agents: [{ name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'El Paso, TX' }],
      },
      { submit: true, submissionKey: 'key-00000001' },
    );
    expect(req?.ref).toMatch(/^T21-\d{4}-00001$/);
    const id = req!.id;
    transitionRequest(t.db, hsi, { requestId: id, action: 'endorse' });
    transitionRequest(t.db, dea, { requestId: id, action: 'route', divisionId: officeId(t.db, 'dea-el-paso') });
    transitionRequest(t.db, div, { requestId: id, action: 'concur' });
    const result = transitionRequest(t.db, dea, { requestId: id, action: 'approve' });
    expect(result.toState).toBe('active');
    expect(() => transitionRequest(t.db, dea, { requestId: id, action: 'approve' })).toThrow(/already approved by/);
  });
});
