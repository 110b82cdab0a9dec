import DataLoader from 'dataloader';
import { KeptAcrossRequests } from './db/kept-across-requests';
import { StatementShapes } from './db/prepared-statement';
import { RequestSession } from './db/request-session';
import { SqlParams, pathEndSql } from './db/sql-params';
import { isSubjectKind, subjectViewOf } from './model/kinds';
import { RequestPolicy } from './policies/request-policy';
import { CYCLE_COLUMNS, CycleType, DELEGATION_COLUMNS, DeadlineType, DelegationType } from './schema/cycle-types';
import { MEMBERSHIP_COLUMNS, MembershipType, PERSON_COLUMNS, POST_COLUMNS, PersonType, PostType } from './schema/people-types';
import { RatingSubjectType } from './schema/authority-types';
import { CONSULTATION_COLUMNS, ConsultationType, ReviewSuggestionType, SUGGESTION_COLUMNS } from './schema/rating-types';
import { BODY_COLUMNS, BodyType, COLLECTIVE_COLUMNS, CollectiveType, UNIT_COLUMNS, UnitType } from './schema/tree-types';

type Row = Record<string, unknown>;

/** Units by id, kept across requests (db/kept-across-requests.ts: forgotten when any replica changes the tree). */
const unitsById = new KeptAcrossRequests<Row>();
type Make<T> = new () => T;

const as =
  <T extends object>(cls: Make<T>) =>
  (row: Row): T =>
    Object.assign(new cls(), row);

function byKey<T>(keys: readonly string[], rows: T[], key: (t: T) => string): (T | null)[] {
  const map = new Map(rows.map((r) => [key(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

function groupByKey<T>(keys: readonly string[], rows: T[], key: (t: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * The loaders' texts, each a named statement: the batch's keys (`= ANY($1)`) drive its plan, so a plan made once per
 * connection serves every batch — the subjects of a page of 50 ratings 0.16–0.26 ms, planned at each batch 0.35–0.71 ms.
 * A caller's scope condition is part of the text: the shapes are bounded by the scopes' sizes.
 */
const LOADER_SHAPES = new StatementShapes(100);

/**
 * One set of DataLoaders per request. Every loader of people-related rows applies the caller's
 * read scope in its SQL, so a batched or cached row never crosses from one caller to another.
 */
function loaderMakers(session: RequestSession, policy: RequestPolicy) {
  // Planned with its values at each batch: where the unit paths, not a key, drive the plan.
  const planned = (sql: string, params: unknown[]) => session.em.query(sql, params) as Promise<Row[]>;
  const q = (sql: string, params: unknown[]) => LOADER_SHAPES.named(sql)?.run<Row>(session.em, params) ?? planned(sql, params);
  const simple = <T extends { dbId: string }>(cls: Make<T>, columns: string, table: string) =>
    new DataLoader<string, T | null>(async (ids) =>
      byKey(ids, (await q(`SELECT ${columns} FROM ${table} t WHERE t.id = ANY($1)`, [ids])).map(as(cls)), (r) => r.dbId),
    );
  // Every batch binds its keys as $1, then whatever its scope condition needs.
  const withKeys = (ids: readonly string[]) => {
    const p = new SqlParams();
    p.add(ids);
    return p;
  };
  const scoped = (p: SqlParams, path: string, person?: string) => policy.people(p, path, person);
  const grouped = <T>(cls: Make<T & object>, sql: (p: SqlParams) => string, key: (t: T) => string) =>
    new DataLoader<string, T[]>(async (ids) => {
      const p = withKeys(ids);
      return groupByKey(ids, (await q(sql(p), p.values)).map(as(cls)), key);
    });

  // Rows by id within the caller's read scope.
  const scopedById = <T extends { dbId: string }>(cls: Make<T>, columns: string, table: string) =>
    new DataLoader<string, T | null>(async (ids) => {
      const p = withKeys(ids);
      const rows = await q(
        `SELECT ${columns} FROM ${table} t WHERE t.id = ANY($1) AND ${scoped(p, 't.unit_path', 't.person_id')}`,
        p.values,
      );
      return byKey(ids, rows.map(as(cls)), (r) => r.dbId);
    });
  // A unit's or a collective's posts, leaders first; a unit's or a body's collectives.
  const postsBy = (column: 'unit_id' | 'collective_id', key: (r: PostType) => string) => () =>
    grouped<PostType>(
      PostType,
      (p) =>
        `SELECT ${POST_COLUMNS('t')} FROM post t WHERE t.${column} = ANY($1) AND ${scoped(p, 't.unit_path', 't.person_id')} ORDER BY array_position(ARRAY['HEAD','DEPUTY','MEMBER'], t.role), t.code`,
      key,
    );
  const collectivesBy = (column: 'unit_id' | 'body_id', key: (r: CollectiveType) => string) => () =>
    grouped<CollectiveType>(
      CollectiveType,
      () => `SELECT ${COLLECTIVE_COLUMNS('t')} FROM collective t WHERE t.${column} = ANY($1) ORDER BY t.code`,
      key,
    );

  return {
    // The tree is read by all and changes only by imports and reorganizations: units by id are kept across requests, as by code.
    unit: () =>
      new DataLoader<string, UnitType | null>(async (ids) => {
        // Answered from the rows in hand: the store may drop a unit it held (full, too old, forgotten) while the read awaits.
        const rows = new Map(ids.map((id) => [id, unitsById.get(id)]));
        const missing = ids.filter((id) => !rows.get(id));
        if (missing.length)
          for (const row of await q(`SELECT ${UNIT_COLUMNS('t')} FROM unit t WHERE t.id = ANY($1)`, [missing])) {
            rows.set(String(row.dbId), row);
            unitsById.set(String(row.dbId), row);
          }
        return ids.map((id) => {
          const row = rows.get(id);
          return row ? as(UnitType)(row) : null;
        });
      }),
    body: () => simple(BodyType, BODY_COLUMNS('t'), 'body'),
    collective: () => simple(CollectiveType, COLLECTIVE_COLUMNS('t'), 'collective'),
    cycle: () => simple(CycleType, CYCLE_COLUMNS('t'), 'cycle'),
    delegation: () => simple(DelegationType, DELEGATION_COLUMNS('t'), 'delegation'),
    person: () =>
      new DataLoader<string, PersonType | null>(async (ids) => {
        const p = withKeys(ids);
        const cond = scoped(p, 'x.unit_path', 'x.person_id');
        // A person is visible when any of their membership or posts lies in scope.
        const rows = await q(
          `SELECT ${PERSON_COLUMNS('t')} FROM person t WHERE t.id = ANY($1) AND EXISTS (
           SELECT 1 FROM (SELECT person_id, unit_path FROM membership UNION ALL SELECT person_id, unit_path FROM post) x
            WHERE x.person_id = t.id AND ${cond})`,
          p.values,
        );
        return byKey(ids, rows.map(as(PersonType)), (r) => r.dbId);
      }),
    post: () => scopedById(PostType, POST_COLUMNS('t'), 'post'),
    membership: () => scopedById(MembershipType, MEMBERSHIP_COLUMNS('t'), 'membership'),
    membershipByPerson: () =>
      new DataLoader<string, MembershipType | null>(async (ids) => {
        const p = withKeys(ids);
        const cond = scoped(p, 't.unit_path', 't.person_id');
        const rows = await q(`SELECT ${MEMBERSHIP_COLUMNS('t')} FROM membership t WHERE t.person_id = ANY($1) AND ${cond}`, p.values);
        return byKey(ids, rows.map(as(MembershipType)), (r) => r.personId);
      }),
    postsByPerson: () =>
      grouped<PostType>(
        PostType,
        (p) =>
          `SELECT ${POST_COLUMNS('t')} FROM post t WHERE t.person_id = ANY($1) AND ${scoped(p, 't.unit_path', 't.person_id')} ORDER BY t.starts_on, t.id`,
        (r) => r.personId,
      ),
    postsByUnit: postsBy('unit_id', (r) => r.unitId),
    postsByCollective: postsBy('collective_id', (r) => r.collectiveId ?? ''),
    bodiesByUnit: () =>
      grouped<BodyType>(
        BodyType,
        () => `SELECT ${BODY_COLUMNS('t')} FROM body t WHERE t.unit_id = ANY($1) ORDER BY t.code`,
        (r) => r.unitId,
      ),
    collectivesByUnit: collectivesBy('unit_id', (r) => r.unitId),
    collectivesByBody: collectivesBy('body_id', (r) => r.bodyId),
    deadlinesByCycle: () =>
      grouped<DeadlineType>(
        DeadlineType,
        () =>
          `SELECT cycle_id AS "cycleId", tier, task, due_on AS "dueOn", source FROM cycle_deadline WHERE cycle_id = ANY($1) ORDER BY due_on, tier, task`,
        (r) => r.cycleId,
      ),
    /**
     * Posts active today in a body (directly or through its collective), in an office when one is named; keys are
     * `bodyId|office`. Looked up key by key on the posts' body and collective indexes: joined on the OR of the two, the
     * planner read every post in the caller's scope for each key (a province's 1,766 posts, 42.8 ms for ten bodies;
     * 0.2 ms key by key).
     */
    holders: () =>
      new DataLoader<string, PostType[]>(async (keys) => {
        const pairs = keys.map((k) => k.split('|'));
        const p = new SqlParams();
        const [bodies, offices, keyList] = [p.add(pairs.map((x) => x[0])), p.add(pairs.map((x) => x[1])), p.add(keys)];
        const cond = scoped(p, 't.unit_path', 't.person_id');
        const rows = await q(
          `SELECT k.key, ${POST_COLUMNS('t')} FROM unnest(${bodies}::bigint[], ${offices}::text[], ${keyList}::text[]) AS k(body, office, key)
           CROSS JOIN LATERAL (SELECT * FROM post x WHERE x.body_id = k.body
                               UNION ALL
                               SELECT * FROM post x WHERE x.collective_id IN (SELECT id FROM collective WHERE body_id = k.body)
                                                      AND x.body_id IS DISTINCT FROM k.body) t
          WHERE (k.office = '' OR t.category = k.office) AND t.starts_on <= current_date AND (t.ends_on IS NULL OR t.ends_on >= current_date)
            AND ${cond}
          ORDER BY array_position(ARRAY['HEAD','DEPUTY','MEMBER'], t.role), t.code`,
          p.values,
        );
        return groupByKey(keys, rows, (r) => String(r.key)).map((list) => list.map(as(PostType)));
      }),
    childCount: () =>
      new DataLoader<string, number>(async (ids) => {
        const rows = await q(`SELECT parent_id AS id, count(*)::int AS n FROM unit WHERE parent_id = ANY($1) GROUP BY parent_id`, [ids]);
        return byKey(ids, rows, (r) => String(r.id)).map((r) => (r ? Number(r.n) : 0));
      }),
    /**
     * A rating's subject, by `kind:refId`: the rating was read through the caller's scope, its subject row is under
     * row-level security. Looked up key by key (LATERAL, kept from being flattened by its LIMIT): joined as a whole,
     * the planner took the subjects in scope for a few rows — row-level security's conditions get default estimates —
     * and hashed every one of them (a province's 172,973 subjects, 41 ms for a page of 50; 0.3 ms key by key).
     */
    ratingSubject: () =>
      new DataLoader<string, RatingSubjectType | null>(async (keys) => {
        // Each kind's view read by its keys, the kinds asked for in one statement: a page of 50 members 0.71 ms, where
        // a lookup in the union of the four views per key took 1.06 ms (national database, as the owner).
        const refsByKind = new Map<string, string[]>();
        for (const [kind, ref] of keys.map((k) => k.split(':')))
          if (isSubjectKind(kind)) (refsByKind.get(kind) ?? refsByKind.set(kind, []).get(kind)!).push(ref);
        if (refsByKind.size === 0) return keys.map(() => null);
        const kinds = [...refsByKind.keys()];
        const rows = await q(
          kinds
            .map(
              (kind, i) =>
                `SELECT a.kind, a.ref_id::text AS "refId", a.code, a.label, a.unit_id::text AS "unitId", a.category, a.person_id::text AS "personId"
                   FROM ${subjectViewOf(kind)} a WHERE a.ref_id = ANY($${i + 1}::bigint[])`,
            )
            .join(' UNION ALL '),
          kinds.map((kind) => refsByKind.get(kind)),
        );
        return byKey(keys, rows.map(as(RatingSubjectType)), (r) => `${r.kind}:${r.refId}`);
      }),
    consultationsByRating: () =>
      grouped<ConsultationType>(
        ConsultationType,
        () => `SELECT ${CONSULTATION_COLUMNS} FROM consultation WHERE rating_id = ANY($1) ORDER BY id`,
        (r) => r.ratingId,
      ),
    suggestionsByRating: () =>
      grouped<ReviewSuggestionType>(
        ReviewSuggestionType,
        () => `SELECT ${SUGGESTION_COLUMNS} FROM review_suggestion WHERE rating_id = ANY($1) ORDER BY id`,
        (r) => r.ratingId,
      ),
    memberCount: () =>
      new DataLoader<string, number>(async (ids) => {
        const p = withKeys(ids);
        const cond = scoped(p, 'm.unit_path', 'm.person_id');
        // Each unit's bounds are made in a subquery kept apart (OFFSET 0), so that the count compares the path with
        // plain values: `left()` and `||` are not leakproof, and under row-level security a condition calling them
        // waits for the policy's — the upper bound left out of the index range, a province's 98 communes read the
        // province's memberships 98 times (3.4 s; 73 ms with the bounds as values).
        const rows = await planned(
          `SELECT b.id, (SELECT count(*)::int FROM membership m WHERE m.unit_path >= b.lo AND m.unit_path < b.hi AND ${cond}) AS n
           FROM (SELECT u.id, u.path AS lo, ${pathEndSql('u.path')} AS hi FROM unit u WHERE u.id = ANY($1) OFFSET 0) b`,
          p.values,
        );
        return byKey(ids, rows, (r) => String(r.id)).map((r) => (r ? Number(r.n) : 0));
      }),
  };
}

type Makers = ReturnType<typeof loaderMakers>;
export type RequestLoaders = { readonly [K in keyof Makers]: ReturnType<Makers[K]> };

/**
 * A loader is made when a resolver first asks for it, once per request: most requests use two or three of them, and
 * making all of them (their select lists included) cost more than a trivial query's own work. The getters are put on
 * the prototype once; an object per request holds only what it made.
 */
class LoadersOnFirstUse {
  readonly made: Partial<Record<keyof Makers, unknown>> = {};
  constructor(readonly makers: Makers) {}
}
let gettersDefined = false;

export function createLoaders(session: RequestSession, policy: RequestPolicy): RequestLoaders {
  const makers = loaderMakers(session, policy);
  if (!gettersDefined) {
    for (const key of Object.keys(makers) as (keyof Makers)[])
      Object.defineProperty(LoadersOnFirstUse.prototype, key, {
        get(this: LoadersOnFirstUse) {
          return (this.made[key] ??= this.makers[key]());
        },
      });
    gettersDefined = true;
  }
  return new LoadersOnFirstUse(makers) as unknown as RequestLoaders;
}
