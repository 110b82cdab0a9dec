import {
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { buildApiSchema } from '../../src/schema/build-schema';
import { signDevToken } from '../../src/auth/tokens';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { TestApi, config, postRaw, startTestApi } from './api';
import { MEMBER_CRITERIA, Workflow, ok } from './workflow';
import { dbIdOf } from './ids';

/**
 * The outsider suite (run by outsider-schema.test.ts, and by outsider-rls-only.test.ts with the
 * application's scope conditions removed): every root query, mutation and subscription of the schema, called by the secretary of one ward with arguments
 * naming the objects of another. Generated from the schema: a field added later is
 * called the day it exists, and an argument the generator cannot fill fails the test until it can.
 * The answer may hold public structure (units, bodies, cycles, the matrix), never a person, a post,
 * a membership, a rating or its children of the other ward; mutations change nothing there.
 */
let api: TestApi;
let schema: GraphQLSchema;
let OUTSIDER = '';
const victim = {
  unitCode: '',
  unitId: '',
  bodyCode: '',
  bodyId: '',
  memberCode: '',
  membershipId: '',
  postId: '',
  personId: '',
  ratingId: '',
  ratingDbId: '',
  suggestionId: '',
  consultationId: '',
  complaintId: '',
};
/** Strings whose presence in an answer is a leak: codes, names and ids of the other ward's people and rows. */
let secrets: string[] = [];
const gid = (type: string, id: string | number) => Buffer.from(`${type}:${id}`).toString('base64url');

/**
 * `insiderFirst`: each of the outsider's requests comes right after one by the ward's secretary, on an API pool of one
 * connection, so that it runs on a connection that held the secretary's scope the moment before.
 */
export function outsiderSuite(title: string, ward: string, outsider: { code: string; ward: string }, { insiderFirst = false } = {}): void {
  beforeAll(async () => {
    victim.unitCode = ward;
    OUTSIDER = outsider.code;
    api = await startTestApi(insiderFirst ? { settings: { apiPoolSize: 1 } } : {});
    schema = buildApiSchema();
    const w = new Workflow(api, '2024');
    const [unit] = await api.db.query(`SELECT id, path FROM unit WHERE code = $1`, [victim.unitCode]);
    victim.unitId = gid('Unit', unit.id);
    const [body] = await api.db.query(`SELECT id, code FROM body WHERE unit_id = $1 AND kind = 'PARTY_ORGANIZATION'`, [unit.id]);
    Object.assign(victim, { bodyCode: body.code, bodyId: gid('Body', body.id) });
    const [member] = await api.db.query(
      `SELECT p.code, p.id, m.id AS mid FROM membership m JOIN person p ON p.id = m.person_id
      WHERE m.unit_path LIKE $1 || '%' AND m.status = 'OFFICIAL' AND m.admitted_on < '2023-01-01' AND NOT EXISTS (SELECT 1 FROM post WHERE person_id = p.id)
      ORDER BY p.code DESC LIMIT 1`,
      [unit.path],
    );
    Object.assign(victim, { memberCode: member.code, personId: gid('Person', member.id), membershipId: gid('Membership', member.mid) });
    const [post] = await api.db.query(`SELECT id FROM post WHERE unit_path LIKE $1 || '%' ORDER BY id LIMIT 1`, [unit.path]);
    victim.postId = gid('Post', post.id);
    const r = await w.prepared(member.code, 'PARTY_MEMBER', member.code, MEMBER_CRITERIA);
    victim.ratingId = r.id;
    victim.ratingDbId = dbIdOf(r.id);
    const suggested = ok(
      await api
        .as(`${ward}-BT`)
        .request<any>(
          `mutation($r: ID!) { issueReviewSuggestion(input: { rating: $r, text: "Làm rõ" }) {
    rating { id suggestions { id } } userErrors { code message } } }`,
          { r: r.id },
        )
        .then((d) => d.issueReviewSuggestion),
    );
    victim.suggestionId = suggested.suggestions[0].id;
    // A consultation and a complaint of the ward, written as the workflow would, so their ids exist.
    const [c] = await api.db.query(
      `INSERT INTO consultation (rating_id, body_id, source) SELECT $1, id, 'test' FROM body WHERE code = $2 RETURNING id`,
      [victim.ratingDbId, victim.bodyCode],
    );
    victim.consultationId = gid('Consultation', c.id);
    const [k] = await api.db.query(
      `INSERT INTO complaint (rating_id, filed_by, text, assigned_body_id) SELECT $1, $2, 'Khiếu nại', id FROM body WHERE code = $3 RETURNING id`,
      [victim.ratingDbId, member.id, victim.bodyCode],
    );
    victim.complaintId = gid('Complaint', k.id);

    // The people of the other ward, less any the outsider may see for another reason (names repeat).
    const people: { code: string; full_name: string }[] = await api.db.query(
      `SELECT DISTINCT p.code, p.full_name FROM person p WHERE EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id AND m.unit_path LIKE $1 || '%')
        OR EXISTS (SELECT 1 FROM post po WHERE po.person_id = p.id AND po.unit_path LIKE $1 || '%')`,
      [unit.path],
    );
    const [{ path: outsiderPath }] = await api.db.query(`SELECT path FROM unit WHERE code = $1`, [outsider.ward]);
    const visible = new Set(
      (
        await api.db.query(
          `SELECT p.code, p.full_name FROM person p WHERE EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id AND m.unit_path LIKE $1 || '%')
        OR EXISTS (SELECT 1 FROM post po WHERE po.person_id = p.id AND po.unit_path LIKE $1 || '%')`,
          [outsiderPath],
        )
      ).flatMap((x: any) => [x.code, x.full_name]),
    );
    secrets = [
      ...people.flatMap((x) => [x.code, x.full_name]).filter((x) => !visible.has(x)),
      victim.membershipId,
      victim.postId,
      victim.personId,
      victim.ratingId,
      victim.suggestionId,
      victim.consultationId,
      victim.complaintId,
    ];
    expect(secrets.length).toBeGreaterThan(50);
  });

  afterAll(() => api.close());

  const FORBIDDEN_MUTATIONS = [
    'importDataset',
    'raiseQuota',
    'recordDeadlineMet',
    'transferUnit',
    'renameUnit',
    'dissolveUnit',
    'mergeUnits',
    'splitUnit',
  ];

  /** An argument's value, chosen by its name to name the other ward's objects; fails on a name it does not know. */
  function argValue(field: string, arg: { name: string; type: GraphQLInputType }): unknown {
    const named = getNamedType(arg.type);
    const list = isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type);
    const byName: Record<string, unknown> = {
      cycle: '2024',
      within: victim.unitId,
      parent: victim.unitId,
      subject: victim.membershipId,
      rating: victim.ratingId,
      id: victim.ratingId,
      ids: [
        victim.ratingId,
        victim.membershipId,
        victim.postId,
        victim.personId,
        victim.suggestionId,
        victim.consultationId,
        victim.complaintId,
      ],
      consultation: victim.consultationId,
      suggestion: victim.suggestionId,
      complaint: victim.complaintId,
      authority: victim.bodyCode,
      code: field === 'person' || field === 'subject' ? victim.memberCode : victim.unitCode,
      unit: victim.unitCode,
      unitId: victim.unitId,
      authorityId: victim.bodyId,
      person: victim.personId,
      post: null,
      search: victim.memberCode,
      asOf: '2024-12-31',
      task: 'DOSSIERS_TO_CITY',
      tasks: ['RATING_DONE', 'REVIEW_DONE', 'CONSULTATIONS_IN'],
      metOn: '2024-12-01',
      effectiveOn: '2024-12-01',
      newParent: victim.unitCode,
      newParentId: victim.unitId,
      units: [victim.unitCode],
      into: victim.unitCode,
      to: victim.unitCode,
      name: 'x',
      regroupOnToday: true,
      heldOn: '2024-11-20',
      draftSentOn: '2024-11-13',
      receivedOn: '2024-12-01',
      item: 'ASSET_DECLARATION',
      reviewedWith: victim.ratingId,
      cell: 'x',
      grades: ['HIGH', 'HIGH', 'HIGH', 'HIGH', 'HIGH', 'HIGH'],
      comment: null,
      confirmedBy: null,
      reverificationRef: 'x',
      differingVotesReason: 'x',
      all: true,
      first: 5,
      after: null,
      entity: 'rating',
      entityId: victim.ratingDbId,
      compareWith: '2023',
      eligible: 10,
      levels: ['GOOD'],
      dueWithinDays: 30,
      office: null,
      text: 'x',
      answer: 'x',
      opinion: 'x',
      reason: 'x',
      resolution: 'x',
      note: 'x',
      decisionRef: 'x',
      overrideReason: null,
      idempotencyKey: null,
      expectedVersion: null,
      deviations: null,
      targets: null,
      stages: null,
      kinds: null,
      criteria: MEMBER_CRITERIA,
      selfLevel: 'GOOD',
      level: 'GOOD',
      newLevel: 'EXCELLENT',
      ballots: { convened: 10, good: 10 },
      action: 'decide',
      facts: {},
      dataset: {},
      dryRun: true,
      requireFullCoverage: false,
      reRated: true,
      of: victim.unitId,
      ratedBy: 'x',
      checkpoint: null,
      status: null,
      plan: [{ rating: victim.ratingId, level: 'GOOD' }],
      peerGroup: null,
      last: null,
      before: null,
      from: '2000-01-01',
    };
    // The one subject lookup asks for the other ward's member, by code and by person.
    if (field === 'subject' && arg.name === 'kind') return 'PARTY_MEMBER';
    if (arg.name in byName) return byName[arg.name];
    if (isInputObjectType(named)) return inputObject(field, named);
    if (isEnumType(named)) return list ? [named.getValues()[0].value] : named.getValues()[0].value;
    throw new Error(`the outsider test has no value for argument ${field}(${arg.name}: ${String(arg.type)}): teach argValue this name`);
  }

  function inputObject(field: string, type: GraphQLNamedType): Record<string, unknown> {
    if (!isInputObjectType(type)) throw new Error(`not an input object: ${type.name}`);
    return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, argValue(field, f)]));
  }

  /** A selection of everything an answer can carry, a few levels deep, with small pages. */
  function selection(type: GraphQLOutputType, depth: number): string {
    const named = getNamedType(type);
    if (isScalarType(named) || isEnumType(named)) return '';
    if (depth === 0) return '{ __typename }';
    if (isUnionType(named) || isInterfaceType(named)) {
      const members = isUnionType(named) ? named.getTypes() : schema.getPossibleTypes(named);
      return `{ __typename ${members.map((m) => `... on ${m.name} ${selection(m, depth - 1)}`).join(' ')} }`;
    }
    if (!isObjectType(named)) return '';
    const parts = Object.values(named.getFields()).map((f) => {
      // A connection needs a page size (first or last, neither required by the schema alone): first.
      const required = f.args.filter((a) => (isNonNullType(a.type) && a.defaultValue === undefined) || a.name === 'first');
      const args = required.length ? `(${required.map((a) => `${a.name}: ${literal(argValue(f.name, a))}`).join(', ')})` : '';
      // Aliased by type: fragments on several node types may ask for same-named fields of different types.
      return `${named.name}_${f.name}: ${f.name}${args} ${selection(f.type, depth - 1)}`;
    });
    return `{ ${parts.join(' ')} }`;
  }

  /** A GraphQL literal: enums are bare words (this generator only makes upper-case enum values). */
  function literal(v: unknown): string {
    if (v === null) return 'null';
    if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
    if (typeof v === 'object')
      return `{ ${Object.entries(v as object)
        .map(([k, x]) => `${k}: ${literal(x)}`)
        .join(', ')} }`;
    if (typeof v === 'string' && /^[A-Z][A-Z_]+$/.test(v)) return v;
    return JSON.stringify(v);
  }

  function operation(
    kind: 'query' | 'mutation' | 'subscription',
    field: GraphQLField<unknown, unknown>,
  ): { text: string; variables: Record<string, unknown> } {
    const variables: Record<string, unknown> = {};
    const defs: string[] = [];
    const args = field.args.map((a: GraphQLArgument) => {
      variables[a.name] = argValue(field.name, a);
      defs.push(`$${a.name}: ${String(a.type)}`);
      return `${a.name}: $${a.name}`;
    });
    const call = `${field.name}${args.length ? `(${args.join(', ')})` : ''} ${selection(field.type, 3)}`;
    return { text: `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${call} }`, variables };
  }

  async function call(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
    const { text, variables } = operation(kind, field);
    if (insiderFirst) await api.as(`${ward}-BT`).request(`{ viewer { code } }`);
    const res = await postRaw(api.url, JSON.stringify({ query: text, variables }), {
      authorization: `Bearer ${signDevToken(OUTSIDER, config)}`,
    });
    return { status: res.status, body: res.json, text: JSON.stringify(res.json) };
  }

  /** Codes and ids count as whole JSON strings (a person code HT-X-BT is a prefix of the public body code HT-X-BTV); full names anywhere. */
  const leaks = (text: string) => secrets.filter((s) => text.includes(`"${s}"`) || (s.split(' ').length >= 3 && text.includes(s)));

  describe(title, () => {
    it('answers every root query without a person, post, membership, rating or child row of that ward', async () => {
      const fields = Object.values(schema.getQueryType()!.getFields());
      expect(fields.length).toBeGreaterThan(20);
      const found: string[] = [];
      for (const field of fields) {
        const res = await call('query', field);
        expect([field.name, res.status, res.status === 200 ? '' : res.text]).toEqual([field.name, 200, '']);
        const codes = (res.body.errors ?? []).map((e: any) => e.extensions?.code);
        expect([field.name, codes.filter((c: string) => c === 'INTERNAL_SERVER_ERROR' || c === 'BAD_USER_INPUT')]).toEqual([
          field.name,
          [],
        ]);
        for (const s of leaks(res.text))
          found.push(`${field.name}: ${s} in …${res.text.slice(Math.max(0, res.text.indexOf(s) - 300), res.text.indexOf(s) + 50)}`);
      }
      expect(found).toEqual([]);
    });

    it('hears nothing of that ward on any subscription while its ratings change', async () => {
      const fields = Object.values(schema.getSubscriptionType()!.getFields());
      expect(fields.length).toBeGreaterThanOrEqual(3);
      const before = api.server.subscribers();
      const client = createClient({
        url: api.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${signDevToken(OUTSIDER, config)}` },
      });
      const heard: { field: string; text: string }[] = [];
      const ended = new Set<string>();
      const stops = fields.map((field) => {
        const { text, variables } = operation('subscription', field);
        return client.subscribe(
          { query: text, variables },
          {
            next: (value) => heard.push({ field: field.name, text: JSON.stringify(value) }),
            error: (e) => {
              heard.push({ field: field.name, text: JSON.stringify(e) });
              ended.add(field.name);
            },
            complete: () => ended.add(field.name),
          },
        );
      });
      // Every subscription is either listening or has ended (with its refusal) before the ward's rating moves.
      const deadline = Date.now() + 10_000;
      while (api.server.subscribers() - before + ended.size < fields.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(api.server.subscribers() - before + ended.size).toBe(fields.length);
      const secretary = (
        await api.db.query(
          `SELECT po.code FROM post po JOIN membership m ON m.branch_id = po.unit_id JOIN person p ON p.id = m.person_id
      WHERE p.code = $1 AND po.category = 'BRANCH_SECRETARY'`,
          [victim.memberCode],
        )
      )[0].code;
      await new Workflow(api, '2024').propose(secretary, victim.ratingId, 'GOOD', { convened: 2, good: 2 });
      await new Promise((r) => setTimeout(r, 500));
      for (const stop of stops) stop();
      await client.dispose();
      const codes = heard.flatMap((h) => [...h.text.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => `${h.field}:${m[1]}`));
      expect(codes.filter((c) => c.endsWith(':INTERNAL_SERVER_ERROR') || c.endsWith(':BAD_USER_INPUT'))).toEqual([]);
      expect(heard.flatMap((h) => leaks(h.text).map((x) => `${h.field}: ${x}`))).toEqual([]);
      expect(heard.some((h) => h.text.includes(victim.ratingId))).toBe(false);
    });

    it('refuses every mutation as if the ids did not exist, and changes nothing there', async () => {
      // What the outsider wrote there (other test files work in the same ward meanwhile), and the victim's rating.
      const state = () =>
        api.db.query(
          `SELECT (SELECT count(*) FROM audit_event e JOIN person p ON p.id = e.actor_person_id
                WHERE e.unit_path LIKE (SELECT path FROM unit WHERE code = $1) || '%' AND p.code = $3)::int AS events,
              (SELECT version FROM rating WHERE id = $2) AS version`,
          [victim.unitCode, victim.ratingDbId, OUTSIDER],
        );
      const before = await state();
      const found: string[] = [];
      for (const field of Object.values(schema.getMutationType()!.getFields())) {
        const res = await call('mutation', field);
        const top = (res.body.errors ?? []).map((e: any) => e.extensions?.code);
        const payload = res.body.data?.[field.name];
        const userErrors: any[] = (Object.entries(payload ?? {}).find(([k]) => k.endsWith('_userErrors'))?.[1] as any[]) ?? [];
        const codes = [...top, ...userErrors.map((e) => e.UserError_code)];
        // The admin-only import and reorganizations, a raise of a quota and a unit's deadline met (named by a body's or unit's code, which is public
        // structure), are FORBIDDEN to the outsider; every other mutation answers NOT_FOUND, as for an id that does not exist.
        expect([field.name, codes]).toEqual([field.name, [FORBIDDEN_MUTATIONS.includes(field.name) ? 'FORBIDDEN' : 'NOT_FOUND']]);
        for (const s of leaks(res.text)) found.push(`${field.name}: ${s}`);
      }
      expect(found).toEqual([]);
      const after = await state();
      expect(after).toEqual(before);
    });
  });
}
