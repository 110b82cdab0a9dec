import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { AUDIT_EVENT_PATH as EARLIER } from '../../migrations/1732000000026-deadlines-met';

/** An audit event's path (row-level security reads it): the trigger of migration 0060 against the expression it replaced. */
let db: DataSource;
beforeAll(async () => {
  db = createDataSource(process.env.TEST_DATABASE_URL!, { poolSize: 1 });
  await db.initialize();
});
afterAll(async () => {
  await db.destroy();
});

const KINDS = ['rating', 'consultation', 'review_suggestion', 'complaint', 'professional_rating', 'quota_raise', 'deadline_met'];

class Rollback extends Error {}

/** In a transaction rolled back: a rating and a consultation of it to write events about, then the events; the path the trigger gave each. */
async function pathsGiven(
  events: (ids: { rating: string; consultation: string }) => { entity: string; entityId: string; unitPath?: string }[],
) {
  let paths: { entity: string; given: string; earlier: string | null }[] = [];
  await db
    .transaction(async (em) => {
      const [rating] = await em.query(
        `INSERT INTO rating (cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, stage)
         SELECT c.id, 'PARTY_MEMBER', m.id, p.code, m.branch_id, m.unit_path, p.id, 'OPEN'
           FROM membership m JOIN person p ON p.id = m.person_id CROSS JOIN (SELECT id FROM cycle ORDER BY id DESC LIMIT 1) c
          WHERE NOT EXISTS (SELECT 1 FROM rating x WHERE x.cycle_id = c.id AND x.subject_kind = 'PARTY_MEMBER' AND x.subject_ref_id = m.id)
          ORDER BY m.id LIMIT 1 RETURNING id::text AS id, unit_path`,
      );
      const [consultation] = await em.query(
        `INSERT INTO consultation (rating_id, body_id, source, unit_path) SELECT $1, b.id, 'test', '/' FROM body b ORDER BY b.id LIMIT 1
         RETURNING id::text AS id`,
        [rating.id],
      );
      paths = [];
      for (const e of events({ rating: rating.id, consultation: consultation.id })) {
        const [{ given }] = await em.query(
          `INSERT INTO audit_event (occurred_at, action, entity, entity_id, prev_hash, hash, unit_path)
           VALUES (now()::text, 'test', $1, $2, '', '', $3) RETURNING unit_path AS given`,
          [e.entity, e.entityId, e.unitPath ?? null],
        );
        const [{ earlier }] = await em.query(`SELECT ${EARLIER} AS earlier FROM (SELECT $1::text AS entity, $2::text AS entity_id) "new"`, [
          e.entity,
          e.entityId,
        ]);
        paths.push({ entity: e.entity, given, earlier });
      }
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return paths;
}

describe("an audit event's unit path", () => {
  it("is the path of the rating or consultation it is about, as the earlier expression computed it, and the path of every kind's row there is", async () => {
    const present: { entity: string; id: string }[] = [];
    for (const entity of KINDS) {
      const [row] = await db.query(`SELECT id::text AS id FROM ${entity} ORDER BY id DESC LIMIT 1`);
      if (row) present.push({ entity, id: row.id });
    }
    const paths = await pathsGiven((ids) => [
      { entity: 'rating', entityId: ids.rating },
      { entity: 'consultation', entityId: ids.consultation },
      ...present.map((p) => ({ entity: p.entity, entityId: p.id })),
    ]);
    expect(paths[0].given).toMatch(/^\/\d+\/.+\/$/);
    // A consultation lies where its rating does.
    expect(paths[1].given).toBe(paths[0].given);
    expect(paths.map((p) => p.given)).toEqual(paths.map((p) => p.earlier));
  });

  it("is '/' for an entity without a path or a row that is gone, and the path given when one is", async () => {
    const paths = await pathsGiven((ids) => [
      { entity: 'delegation', entityId: '1' },
      { entity: 'rating', entityId: '-1' },
      { entity: 'rating', entityId: ids.rating, unitPath: '/9/' },
    ]);
    expect(paths.map((p) => p.given)).toEqual(['/', '/', '/9/']);
  });
});
