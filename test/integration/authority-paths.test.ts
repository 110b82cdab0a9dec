import { signDevToken } from '../../src/auth/tokens';
import { gql } from 'graphql-request';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ConfigError, DEV_SECRET, loadConfig } from '../../src/config';
import { newAuditKey } from '../../src/services/audit-keys';
import { TestApi, config, errorCodes, postRaw, refusalOf, startTestApi } from '../support/api';
import { Workflow, ok } from '../support/workflow';
import { dbIdOf } from '../support/ids';

/**
 * The read and write paths an outsider got through before the data layer ran under the caller's
 * scope (issue "Authority by construction"), each as it must answer now.
 */
let api: TestApi;
const w = () => new Workflow(api, '2023');
const WARD = 'HT-TP-NH';
const DECIDER = 'HT-TP-NH-BT';
const OUTSIDER = 'HT-TP-BH-BT';
let members: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  const rows = await api.db.query(
    `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.code = $1
      WHERE m.unit_path LIKE u.path || '%' AND m.status = 'OFFICIAL' AND m.admitted_on < '2022-01-01' AND NOT EXISTS (SELECT 1 FROM post WHERE person_id = p.id)
      ORDER BY p.code DESC OFFSET 1 LIMIT 7`,
    [WARD],
  );
  members = rows.map((r: { code: string }) => r.code);
});
afterAll(() => api.close());

const reviewed = (member: string) => w().proposedMember(member);
const SUBJECTS = `((r.subject_kind = 'LEADERSHIP_COLLECTIVE' AND r.subject_ref_id = $1) OR (r.subject_kind = 'PARTY_MEMBER' AND r.subject_ref_id = $2))`;

describe('decisions with an idempotency key', () => {
  it('tell an outsider nothing, replay the first result to every retry, and refuse a key reused on another rating', async () => {
    const r1 = await reviewed(members[0]);
    const first = ok(await w().decide(DECIDER, r1.id, 'GOOD', { idempotencyKey: 'k-1' }));
    // The outsider with the same key, on that rating and on none: the answer for a missing id, with nothing of the rating.
    const outsider = await w().decide(OUTSIDER, r1.id, 'GOOD', { idempotencyKey: 'k-1' });
    expect(outsider.refused).toEqual({ code: 'NOT_FOUND', message: 'no such rating', field: ['input', 'rating'], figures: null });
    expect(JSON.stringify(outsider)).not.toContain(members[0]);
    // Ten retries at once of a decision being taken: every one answers the first result.
    const r2 = await reviewed(members[1]);
    const retries = await Promise.all(Array.from({ length: 10 }, () => w().decide(DECIDER, r2.id, 'GOOD', { idempotencyKey: 'k-2' })));
    const decided = retries.map(ok);
    expect(new Set(decided.map((r) => `${r.id} ${r.stage} ${r.version}`)).size).toBe(1);
    expect(decided[0].stage).toBe('DECIDED');
    // A later retry, even with the version it read before, answers the same.
    expect(ok(await w().decide(DECIDER, r1.id, 'GOOD', { idempotencyKey: 'k-1', expectedVersion: 1 })).version).toBe(first.version);
    // The same key on two other ratings at once: one decides, the other is told the key is taken; never a 500.
    const [r3, r4] = [await reviewed(members[2]), await reviewed(members[3])];
    const both = await Promise.all([r3, r4].map((r) => w().decide(DECIDER, r.id, 'COMPLETE', { idempotencyKey: 'k-3' })));
    expect(both.map((p) => (p.userErrors.length ? p.userErrors[0].code : 'DECIDED')).sort()).toEqual(['DECIDED', 'IDEMPOTENCY_KEY_REUSED']);
    // A key the caller used for another rating, even one already decided, is refused as reused.
    expect((await w().decide(DECIDER, r1.id, 'GOOD', { idempotencyKey: 'k-2' })).userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another caller's equal key is another key: another member of the deciding committee decides with k-1.
    const [{ code: colleague }] = await api.db.query(
      `SELECT p.code FROM post po JOIN body b ON b.id = po.body_id JOIN person p ON p.id = po.person_id WHERE b.code = $1 AND p.code <> $2 AND po.ends_on IS NULL LIMIT 1`,
      [`${WARD}-DB`, DECIDER],
    );
    const r5 = await reviewed(members[6]);
    expect(ok(await w().decide(colleague, r5.id, 'COMPLETE', { idempotencyKey: 'k-1' })).stage).toBe('DECIDED');
  });
});

describe('version checks', () => {
  it('come after the ability: an outsider learns no version', async () => {
    const r = await reviewed(members[4]);
    const outsider = await w().decide(OUTSIDER, r.id, 'GOOD', { expectedVersion: 999 });
    expect(outsider.refused).toMatchObject({ code: 'NOT_FOUND', figures: null });
    const stale = await w().decide(DECIDER, r.id, 'GOOD', { expectedVersion: 999 });
    expect(stale.userErrors[0]).toMatchObject({ code: 'STALE_VERSION', figures: { current: r.version, sent: 999 } });
  });

  it('come after the ability: malformed input to a rating an outsider may not see is answered as a missing id', async () => {
    const r = await reviewed(members[5]);
    const missing = Buffer.from('Rating:999999999').toString('base64url');
    for (const bad of [
      { ballots: { convened: 0 } },
      { ballots: { convened: 2, good: 2, heldOn: 'yesterday' } },
      { ballots: { convened: 1, good: 3 } },
    ]) {
      expect((await w().decide(OUTSIDER, r.id, 'GOOD', bad)).refused).toEqual((await w().decide(OUTSIDER, missing, 'GOOD', bad)).refused);
      expect((await w().decide(OUTSIDER, r.id, 'GOOD', bad)).refused.code).toBe('NOT_FOUND');
      expect((await w().decide(DECIDER, r.id, 'GOOD', bad)).userErrors[0].code).toBe('BAD_BALLOTS');
    }
    const crooked = {
      criteria: [
        { id: 'I1', grade: 'GOOD' },
        { id: 'I1', grade: 'POOR' },
      ],
      selfLevel: 'GOOD',
    };
    expect((await w().selfAssess(OUTSIDER, r.id, crooked)).refused.code).toBe('NOT_FOUND');
  });
});

describe('opening a rating', () => {
  it('needs a power over the subject: a plain member opens neither a provincial collective’s rating nor a fellow member’s', async () => {
    const member = members[5];
    const [{ code: provincial }] = await api.db.query(
      `SELECT c.code FROM collective c JOIN unit u ON u.id = c.unit_id WHERE u.parent_id IS NULL ORDER BY c.code LIMIT 1`,
    );
    const collective = await w().subjectId('LEADERSHIP_COLLECTIVE', provincial);
    const fellow = await w().subjectId('PARTY_MEMBER', members[0]);
    // Ratings and audit events of the two subjects only (other test files open others meanwhile).
    const count = () =>
      api.db.query(
        `SELECT (SELECT count(*) FROM rating r WHERE ${SUBJECTS})::int AS ratings,
              (SELECT count(*) FROM audit_event e JOIN rating r ON e.entity = 'rating' AND e.entity_id = r.id::text WHERE ${SUBJECTS})::int AS events`,
        [dbIdOf(collective), dbIdOf(fellow)],
      );
    const before = await count();
    const open = gql`
      mutation ($s: ID!) {
        openRating(input: { cycle: "2023", subject: $s }) {
          rating {
            id
          }
          userErrors {
            code
          }
        }
      }
    `;
    expect(await refusalOf(api.as(member).request<any>(open, { s: collective }))).toBe('NOT_FOUND');
    expect(await refusalOf(api.as(member).request<any>(open, { s: fellow }))).toBe('FORBIDDEN');
    expect(await count()).toEqual(before);
  });
});

describe('the quota meter and the audit trail', () => {
  it('give an authority’s figures only to those who act for it, its auditors and administrators', async () => {
    const q = gql`
      {
        quota(cycle: "2023", authority: "HT-TP-NH-DB", subjectKind: PARTY_MEMBER) {
          figures {
            eligible
          }
        }
      }
    `;
    expect(
      errorCodes(
        await api
          .as(OUTSIDER)
          .request(q)
          .catch((e) => e),
      ),
    ).toEqual(['FORBIDDEN']);
    expect((await api.as(DECIDER).request<any>(q)).quota.figures.eligible).toBeGreaterThan(0);
    expect((await api.as('ADMIN001').request<any>(q)).quota.figures.eligible).toBeGreaterThan(0);
  });

  it('shows the inspection staff of a district the events of their district only', async () => {
    const [staff] = await api.db.query(
      `SELECT p.code, po.unit_path AS path FROM post po JOIN body b ON b.id = po.body_id JOIN person p ON p.id = po.person_id JOIN unit u ON u.id = po.unit_id
        WHERE b.kind = 'INSPECTION_COMMISSION' AND u.code = 'HT-CL' AND po.ends_on IS NULL LIMIT 1`,
    );
    const [{ outside }] = await api.db.query(`SELECT count(*)::int AS outside FROM audit_event WHERE unit_path NOT LIKE $1 || '%'`, [
      staff.path,
    ]);
    expect(outside).toBeGreaterThan(0);
    // Other test files write events meanwhile: the answer lies between the counts read just before and just after it.
    const countInside = async () =>
      (await api.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE unit_path LIKE $1 || '%'`, [staff.path]))[0].n as number;
    const before = await countInside();
    const trail = await api.as(staff.code).request<any>(gql`
      {
        auditTrail(first: 100) {
          totalCount
          nodes {
            id
          }
        }
      }
    `);
    const after = await countInside();
    expect(trail.auditTrail.totalCount).toBeGreaterThanOrEqual(before);
    expect(trail.auditTrail.totalCount).toBeLessThanOrEqual(after);
    const ids = trail.auditTrail.nodes.map((n: { id: string }) => dbIdOf(n.id));
    const [{ strays }] = await api.db.query(
      `SELECT count(*)::int AS strays FROM audit_event WHERE id = ANY($1::bigint[]) AND unit_path NOT LIKE $2 || '%'`,
      [ids, staff.path],
    );
    expect(strays).toBe(0);
  });
});

describe('bounds', () => {
  it('refuse a list argument over 100 items and a search term over 100 characters before any SQL, and match % literally', async () => {
    const id = Buffer.from('Unit:1').toString('base64url');
    const many = await api
      .as(DECIDER)
      .request<any>(
        gql`
          query ($ids: [ID!]!) {
            nodes(ids: $ids) {
              id
            }
          }
        `,
        { ids: Array(101).fill(id) },
      )
      .catch((e) => e);
    expect(errorCodes(many)).toEqual(['BAD_USER_INPUT']);
    expect(many.response.errors[0].extensions.figures).toEqual({ items: 101, max: 100 });
    expect(
      (
        await api.as(DECIDER).request<any>(
          gql`
            query ($ids: [ID!]!) {
              nodes(ids: $ids) {
                id
              }
            }
          `,
          { ids: Array(100).fill(id) },
        )
      ).nodes,
    ).toHaveLength(100);
    const long = await api
      .as(DECIDER)
      .request(
        gql`
          query ($s: String) {
            people(first: 5, search: $s) {
              totalCount
            }
          }
        `,
        { s: 'x'.repeat(101) },
      )
      .catch((e) => e);
    expect(errorCodes(long)).toEqual(['BAD_USER_INPUT']);
    expect(
      (
        await api.as(DECIDER).request<any>(gql`
          {
            people(first: 5, search: "%") {
              totalCount
            }
          }
        `)
      ).people.totalCount,
    ).toBe(0);
  });

  it('refuse a NUL, an unpaired surrogate and a body that is not UTF-8 as the client’s mistake', async () => {
    const auth = { authorization: `Bearer ${jwt.sign({ sub: DECIDER }, config.jwtSecret, { expiresIn: 60 })}` };
    for (const s of ['a\u0000b', 'a\ud800b']) {
      const res = await postRaw(
        api.url,
        JSON.stringify({ query: 'query($s: String) { people(first: 5, search: $s) { totalCount } }', variables: { s } }),
        auth,
      );
      expect([res.status, res.json.errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    }
    // In a literal, escaped for GraphQL (`\\u0000`) or raw in the document (JSON's `\\u0000`, which graphql-js 16 lexes as any character).
    for (const search of ['a\\u0000b', 'a\u0000b', 'a\ud800b', '\udc00']) {
      const literal = await postRaw(api.url, JSON.stringify({ query: `{ people(first: 5, search: "${search}") { totalCount } }` }), auth);
      expect([search, literal.status, literal.json.errors[0].extensions.code]).toEqual([search, 400, 'BAD_USER_INPUT']);
    }
    const body = Buffer.concat([Buffer.from('{"query":"{ viewer { code } }","x":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body });
    expect([res.status, (await res.json()).errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
  });
});

describe('a request that runs too many statements', () => {
  it('stops at the budget with a clean code, and the next request is served', async () => {
    const small = await startTestApi({ settings: { statementBudget: 3 } });
    try {
      const many = `{ ${Array.from({ length: 6 }, (_, i) => `u${i}: units(first: 5, kinds: [WARD]) { totalCount }`).join(' ')} }`;
      const codes = errorCodes(
        await small
          .as(DECIDER)
          .request(many)
          .catch((e) => e),
      );
      expect(codes.length).toBeGreaterThan(0);
      expect(new Set(codes)).toEqual(new Set(['STATEMENT_BUDGET_EXCEEDED']));
      expect((await small.as(DECIDER).request<any>('{ viewer { code } }')).viewer.code).toBe(DECIDER);
    } finally {
      await small.close();
    }
  });
});

describe('a pool with no connection free', () => {
  it('answers 503 SERVICE_UNAVAILABLE after the wait, and serves again once a connection is free', async () => {
    const one = await startTestApi({ settings: { apiPoolSize: 1, poolWaitMs: 150 } });
    try {
      const heavy = JSON.stringify({
        query: '{ units(first: 100) { nodes { code memberCount children(first: 20) { nodes { code memberCount } } } } }',
      });
      const auth = { authorization: `Bearer ${jwt.sign({ sub: 'ADMIN001' }, config.jwtSecret, { expiresIn: 60 })}` };
      const answers = await Promise.all(Array.from({ length: 12 }, () => postRaw(one.url, heavy, auth)));
      const refused = answers.filter((a) => a.status !== 200);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.map((a) => [a.status, a.json.errors[0].extensions.code])).toEqual(refused.map(() => [503, 'SERVICE_UNAVAILABLE']));
      expect(answers.some((a) => a.status === 200 && !a.json.errors)).toBe(true);
      expect((await postRaw(one.url, heavy, auth)).status).toBe(200);
    } finally {
      await one.close();
    }
  });
});

describe('tokens and production settings', () => {
  it('let GraphiQL fetch the schema with its empty "Bearer " template, and nothing else', async () => {
    const empty = { authorization: 'Bearer ' };
    const schema = await postRaw(api.url, JSON.stringify({ query: '{ __schema { queryType { name } } }' }), empty);
    expect([schema.status, schema.json.data]).toEqual([200, { __schema: { queryType: { name: 'Query' } } }]);
    const data = await postRaw(api.url, JSON.stringify({ query: '{ viewer { code } }' }), empty);
    expect([data.status, data.json.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('refuse a token without an expiry', async () => {
    const res = await postRaw(api.url, JSON.stringify({ query: '{ viewer { code } }' }), {
      authorization: `Bearer ${jwt.sign({ sub: DECIDER }, config.jwtSecret)}`,
    });
    expect([res.status, res.json.errors[0].extensions.code, res.json.errors[0].message]).toEqual([
      401,
      'UNAUTHENTICATED',
      'Invalid token: token has no expiry (exp)',
    ]);
  });

  it('refuse a token for another audience where one is configured', async () => {
    const strict = await startTestApi({ settings: { jwtAudience: 'rating-api' } });
    try {
      const ask = (token: string) =>
        postRaw(strict.url, JSON.stringify({ query: '{ viewer { code } }' }), { authorization: `Bearer ${token}` });
      const other = await ask(jwt.sign({ sub: DECIDER }, config.jwtSecret, { expiresIn: 60, audience: 'another-app' }));
      expect([other.status, other.json.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
      const none = await ask(jwt.sign({ sub: DECIDER }, config.jwtSecret, { expiresIn: 60 }));
      expect([none.status, none.json.errors[0].extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
      const right = await ask(signDevToken(DECIDER, { ...config, jwtAudience: 'rating-api' }));
      expect([right.status, right.json.data]).toEqual([200, { viewer: { code: DECIDER } }]);
    } finally {
      await strict.close();
    }
  });

  it('answer 503 without its address when the identity provider cannot be reached', async () => {
    const away = await startTestApi({ settings: { jwksUrl: 'http://127.0.0.1:1/jwks.json' } });
    try {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const token = jwt.sign({ sub: DECIDER }, privateKey, { algorithm: 'RS256', keyid: 'k', expiresIn: 60 });
      const res = await postRaw(away.url, JSON.stringify({ query: '{ viewer { code } }' }), { authorization: `Bearer ${token}` });
      expect([res.status, res.json.errors[0].extensions.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      expect(JSON.stringify(res.json)).not.toContain('127.0.0.1');
    } finally {
      await away.close();
    }
  });

  it('refuse to start in production with the published development secret or a short one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEV_SECRET })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) })).toThrow(/31 bytes/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    // …and without a key for the audit chain, or with a short one.
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/AUDIT_KEYS must be set/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), AUDIT_KEYS: `k1:${Buffer.alloc(16).toString('base64')}` }),
    ).toThrow(/16 bytes/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), AUDIT_KEYS: newAuditKey('k1') }).jwtSecret).toHaveLength(32);
  });
});
