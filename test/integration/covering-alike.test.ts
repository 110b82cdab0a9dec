import { forgetKept } from '../../src/db/kept-across-requests';
import { SqlParams } from '../../src/db/sql-params';
import { SUBJECT_KINDS, subjectViewOf } from '../../src/model/kinds';
import { coveringKeyOf, rowsCovering, rowsCoveringAlike, rowsCoveringJson } from '../../src/policies/delegation-matrix';
import { TestApi, startTestApi } from '../support/api';
import { withoutForgetting } from '../support/eventually';

/*
 * A workflow step reads what the rows covering its subject depend on — the subject's unit path and depth, category and
 * seats (coveringKeyOf) — and takes the rows kept for subjects alike (rowsCoveringAlike), read once per key, instead
 * of reading the rows themselves in every step. That is right only if subjects with the same key are covered by the
 * same rows, whatever the kind, the cycle, the management lists, the categories and the seats of the demo's matrices.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/**
 * Two subjects of a kind for each key that several have, with their key and their covering rows as a step's statement
 * read them before (rowsCoveringJson).
 */
async function subjectsOf(cycleId: string, kind: string): Promise<{ ref: string; key: string | null; covering: string }[]> {
  const p = new SqlParams();
  return api.db.query(
    `SELECT picked.ref_id::text AS ref, picked.key, ${rowsCoveringJson(p, cycleId, kind, 'picked.ref_id')}::text AS covering
       FROM (SELECT o.ref_id, k.key, row_number() OVER (PARTITION BY k.key ORDER BY o.ref_id) AS nth,
                    count(*) OVER (PARTITION BY k.key) AS alike
               FROM ${subjectViewOf(kind)} o CROSS JOIN LATERAL (SELECT ${coveringKeyOf('o')}::text AS key) k) picked
      WHERE picked.alike > 1 AND picked.nth <= 2 ORDER BY picked.ref_id`,
    p.values,
  );
}

describe('the rows covering subjects alike', () => {
  it('are the same for subjects with the same key, of every kind, in each year’s matrix', async () => {
    const cycles: { id: string }[] = await api.db.query(
      `SELECT id::text AS id FROM cycle WHERE code IN ('2023', '2024', '2025') ORDER BY id`,
    );
    let keys = 0;
    const coveredKinds = new Set<string>();
    for (const { id } of cycles) {
      for (const kind of SUBJECT_KINDS) {
        const byKey = new Map<string, Set<string>>();
        for (const s of await subjectsOf(id, kind)) {
          expect(s.key).not.toBeNull();
          if (s.covering !== '[]') coveredKinds.add(kind);
          byKey.set(s.key as string, (byKey.get(s.key as string) ?? new Set()).add(s.covering));
        }
        for (const [key, coverings] of byKey) expect({ key, coverings: coverings.size }).toEqual({ key, coverings: 1 });
        keys += byKey.size;
      }
    }
    // Not vacuous: many keys are shared, by covered subjects of each kind but party organizations (one to a unit, whose
    // keys the demo's organizations share only where no row covers them).
    expect([...coveredKinds].sort()).toEqual(['LEADER', 'LEADERSHIP_COLLECTIVE', 'PARTY_MEMBER']);
    expect(cycles).toHaveLength(3);
    expect(keys).toBeGreaterThan(300);
  });

  it('are read once per key, and read again once what was kept is forgotten', async () => {
    const [{ id: cycleId }]: { id: string }[] = await api.db.query(`SELECT id::text AS id FROM cycle WHERE code = '2024'`);
    const alike = (await subjectsOf(cycleId, 'PARTY_MEMBER')).filter((s) => s.covering !== '[]');
    const [a, b] = alike.filter((s) => s.key === alike[0].key);
    expect(b).toBeDefined();
    const key = JSON.parse(a.key as string) as object;
    const em = api.db.manager;
    const [first, second] = await withoutForgetting(
      async () => [
        await rowsCoveringAlike(em, cycleId, 'PARTY_MEMBER', a.ref, key),
        await rowsCoveringAlike(em, cycleId, 'PARTY_MEMBER', b.ref, key),
      ],
      { cold: true },
    );
    expect(first).toEqual(await rowsCovering(em, cycleId, 'PARTY_MEMBER', a.ref));
    // The second subject's rows are the first's, kept: not read again.
    expect(second).toBe(first);
    expect(Object.isFrozen(first) && first.every((row) => Object.isFrozen(row))).toBe(true);
    forgetKept();
    const again = await rowsCoveringAlike(em, cycleId, 'PARTY_MEMBER', b.ref, key);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    // A subject the caller does not see has no key, and no covering rows.
    expect(await rowsCoveringAlike(em, cycleId, 'PARTY_MEMBER', a.ref, null)).toEqual([]);
  });
});
