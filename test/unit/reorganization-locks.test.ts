import type { EntityManager } from 'typeorm';
import { LOCK_TALLY } from '../../src/services/ratings-follow';
import { apply } from '../../src/services/reorganization';

/**
 * A reorganization takes the subject tally before anything it changes or records: every writer takes the tally before
 * the audit trail's head (a rating's tally triggers run before its audit event), and a split that closed ratings on the
 * trail before it counted the tally again waited for a step that waited for it (a deadlock CI met).
 */
describe('the locks of a reorganization', () => {
  it('takes the subject tally first, before the change and its audit events', async () => {
    const seen: string[] = [];
    const em = { query: jest.fn(async (sql: string) => void seen.push(sql)) } as unknown as EntityManager;
    const decision = { effectiveOn: '2025-07-01', decisionRef: 'QĐ 1', today: '2025-07-01', recordedBy: null };
    const change = async () => {
      seen.push('the change');
      throw new Error('stopped after the change began');
    };
    await expect(apply(em, decision, 'splitUnit', [], change)).rejects.toThrow('stopped after the change began');
    expect(seen).toEqual([LOCK_TALLY, 'the change']);
  });
});
