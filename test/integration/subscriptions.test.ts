import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { gql } from 'graphql-request';
import { signDevToken } from '../../src/auth/tokens';
import { dbIdOf } from '../../src/schema/global-id';
import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, config, metricOf, postRaw, startTestApi } from '../support/api';
import { MEMBER_CRITERIA, FULL_TARGETS, Workflow, ok, plainMembers, unanimous } from '../support/workflow';

let api: TestApi;
let replica: TestApi;
beforeAll(async () => {
  api = await startTestApi({ settings: { overduePollMs: 200 } });
  // A second replica of the API on the same database: events reach its subscribers through PostgreSQL.
  replica = await startTestApi({ settings: { overduePollMs: 200 } });
});
afterAll(async () => {
  await replica.close();
  await api.close();
});

const wsUrl = (server: TestApi) => server.url.replace(/^http/, 'ws');

/** A graphql-ws client subscribed as `person` (none: no token), collecting what it receives. */
function listen(server: TestApi, person: string | null, query: string, variables: Record<string, unknown> = {}) {
  const client = createClient({
    url: wsUrl(server),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: person ? { authorization: `Bearer ${signDevToken(person, config)}` } : {},
  });
  const received: any[] = [];
  const errors: any[] = [];
  let completed = false;
  const stop = client.subscribe(
    { query, variables },
    {
      next: (value) => received.push(value),
      error: (e) => errors.push(e),
      complete: () => {
        completed = true;
      },
    },
  );
  return {
    received,
    errors,
    completed: () => completed,
    close: async () => {
      stop();
      await client.dispose();
    },
  };
}

async function until(what: string, ready: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const STAGES = `subscription($cycle: String!, $within: ID) { ratingStageChanged(cycle: $cycle, within: $within) { rating cycle subjectKind subjectCode stage decidedLevel version } }`;
const unitId = async (code: string) =>
  Buffer.from(`Unit:${(await api.db.query(`SELECT id FROM unit WHERE code = $1`, [code]))[0].id}`).toString('base64url');

describe('subscriptions over graphql-ws, scoped per subscriber and delivered across replicas', () => {
  it('answers a subscription sent over HTTP with a clear client error, not a 500', async () => {
    const res = await postRaw(api.url, JSON.stringify({ query: STAGES, variables: { cycle: '2024' } }), {
      authorization: `Bearer ${signDevToken(DEMO.wardSecretary, config)}`,
    });
    expect(res.status).toBeLessThan(500);
    expect(res.json.errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(res.json.errors[0].message).toMatch(/WebSocket/);
  });

  it('refuses a socket without a valid token, and queries or mutations over the socket', async () => {
    const anonymous = listen(api, null, STAGES, { cycle: '2024' });
    await until('the refusal', () => anonymous.errors.length > 0);
    expect(anonymous.errors[0]).toMatchObject({ code: 4403 });
    await anonymous.close();
    const stranger = listen(api, 'NOBODY-9', STAGES, { cycle: '2024' });
    await until('the refusal', () => stranger.errors.length > 0);
    expect(stranger.errors[0]).toMatchObject({ code: 4403 });
    await stranger.close();
    // Text PostgreSQL cannot store is the subscriber's mistake, as over HTTP, in a variable or in the document.
    for (const [text, variables] of [
      [STAGES, { cycle: '20\u000024' }],
      [STAGES.replace('$cycle: String!, ', '').replace('cycle: $cycle', 'cycle: "20\ud80024"'), {}],
    ] as const) {
      const unstorable = listen(api, DEMO.wardSecretary, text, variables);
      await until('the refusal', () => unstorable.errors.length > 0);
      expect(unstorable.errors[0][0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      await unstorable.close();
    }
    const query = listen(api, DEMO.wardSecretary, '{ viewer { code } }');
    await until('the refusal', () => query.errors.length > 0);
    expect(query.errors[0][0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    await query.close();
  });

  it('closes a socket whose message is over the request body limit, before any token, and keeps serving', async () => {
    const socket = new WebSocket(wsUrl(api), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    const errors = jest.spyOn(console, 'error');
    const warnings = jest.spyOn(console, 'warn').mockImplementation(() => {});
    socket.on('open', () => socket.send('x'.repeat(config.bodyLimitBytes + 1)));
    // 1009: message too big (RFC 6455 §7.4.1), answered while the message arrives rather than after it is held whole.
    expect(await closed).toBe(1009);
    // Logged as the client's mistake, not as a fault of the server (graphql-ws's "check your implementation").
    await until('the warning', () => warnings.mock.calls.length > 0);
    expect(warnings.mock.calls).toEqual([[expect.stringContaining('over BODY_LIMIT_BYTES')]]);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    warnings.mockRestore();
    const within = listen(api, DEMO.wardSecretary, '{ viewer { code } }');
    await until('the answer', () => within.errors.length > 0);
    expect(within.errors[0][0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    await within.close();
  });

  it('holds at most the configured number of subscriptions on one connection, and takes another once one completes', async () => {
    const small = await startTestApi({ settings: { liveSubscriptionsPerSocket: 2 } });
    try {
      const socket = new WebSocket(wsUrl(small), 'graphql-transport-ws');
      const messages: any[] = [];
      socket.on('message', (m) => messages.push(JSON.parse(m.toString())));
      await new Promise((resolve) => socket.on('open', resolve));
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${signDevToken(DEMO.wardSecretary, config)}` } }),
      );
      await until('the acknowledgement', () => messages.some((m) => m.type === 'connection_ack'));
      const subscribe = (id: string, cycle = '2024') =>
        socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: STAGES, variables: { cycle } } }));
      for (const id of ['1', '2', '3']) subscribe(id);
      await until('the refusal', () => messages.some((m) => m.id === '3'));
      expect(messages.filter((m) => m.id !== undefined)).toEqual([
        {
          id: '3',
          type: 'error',
          payload: [
            expect.objectContaining({ extensions: expect.objectContaining({ code: 'TOO_MANY_SUBSCRIPTIONS', figures: { max: 2 } }) }),
          ],
        },
      ]);
      socket.send(JSON.stringify({ id: '1', type: 'complete' }));
      // An unknown cycle is answered by the resolver: the subscription got past the limit.
      subscribe('4', '9999');
      await until('the answer', () => messages.some((m) => m.id === '4'));
      expect(messages.find((m) => m.id === '4')).toMatchObject({
        type: 'next',
        payload: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] },
      });
      socket.close();
    } finally {
      await small.close();
    }
  });

  it('tells a commune secretary, on the other replica, of the stages of ratings in the commune — and nothing of a ward elsewhere', async () => {
    const before = replica.server.subscribers();
    const ward = listen(replica, 'HT-CL-TTN-BT', STAGES, { cycle: '2024', within: await unitId('HT-CL-TTN') });
    const outsider = listen(replica, 'HT-TP-BH-BT', STAGES, { cycle: '2024' });
    await until('both subscriptions', () => replica.server.subscribers() === before + 2);
    // What a scrape of the replica's metrics reads (a load generator waits on it before it acts).
    const listening = () => metricOf(replica, 'rating_api_live_listeners');
    expect(await listening()).toBe(before + 2);

    const w = new Workflow(api, '2024');
    const [m] = await plainMembers(api, 'HT-CL-TTN', 1);
    const r = await w.prepared(m, 'PARTY_MEMBER', m, MEMBER_CRITERIA, FULL_TARGETS);
    const proposed = ok(
      await w.propose(
        await (async () =>
          (
            await api.db.query(
              `SELECT po.code FROM person p JOIN membership m ON m.person_id = p.id JOIN post po ON po.unit_id = m.branch_id AND po.category = 'BRANCH_SECRETARY' WHERE p.code = $1`,
              [m],
            )
          )[0].code)(),
        r.id,
        'GOOD',
        unanimous('GOOD'),
      ),
    );
    ok(await w.decide('HT-CL-TTN-BT', proposed.id, 'GOOD'));
    await until('the decision', () => ward.received.some((x) => x.data?.ratingStageChanged.stage === 'DECIDED'));
    const stages = ward.received.map((x) => x.data.ratingStageChanged).filter((x) => x.rating === r.id);
    expect(stages.map((x) => x.stage)).toEqual(['OPEN', 'SELF_ASSESSED', 'PROPOSED', 'DECIDED']);
    expect(stages.at(-1)).toMatchObject({ cycle: '2024', subjectKind: 'PARTY_MEMBER', subjectCode: m, decidedLevel: 'GOOD' });
    // An event read after the rating moved on still tells the stage its change brought (the opening's, read once the
    // rating was decided), with the rating's level as it now stands.
    const [announced] = await api.db.query(
      `SELECT json_build_object('cycle', cycle_id::text, 'rating', id::text, 'kind', subject_kind, 'path', unit_path, 'stage', 'OPEN',
              'authority', authority_body_id::text, 'office', authority_office, 'peerGroup', peer_group)::text AS payload FROM rating WHERE id = $1`,
      [dbIdOf(r.id, 'Rating', 'rating')],
    );
    const heard = ward.received.length;
    await api.db.query(`SELECT pg_notify('rating_events', $1)`, [announced.payload]);
    await until('the late event', () => ward.received.length > heard);
    expect(ward.received.at(-1).data.ratingStageChanged).toMatchObject({ rating: r.id, stage: 'OPEN', decidedLevel: 'GOOD' });
    // The neighbouring ward's secretary heard the same events on the bus and read nothing of them through their scope. The
    // test database is shared with the other worker's files, whose steps in that ward's own ratings may be told meanwhile
    // (a CI run heard a ward member's opening and self-assessment): of those, only ratings within the ward.
    await new Promise((res) => setTimeout(res, 200));
    const ratingIdOf = (globalId: string) => dbIdOf(globalId, 'Rating', 'rating');
    const heardByOutsider: string[] = outsider.received.map((x) => ratingIdOf(x.data.ratingStageChanged.rating));
    expect(heardByOutsider).not.toContain(ratingIdOf(r.id));
    const [{ path: wardPath }] = await api.db.query(`SELECT path FROM unit WHERE code = 'HT-TP-BH'`);
    const outsideTheWard = await api.db.query(`SELECT id::text FROM rating WHERE id = ANY($1::bigint[]) AND NOT unit_path ^@ $2`, [
      heardByOutsider,
      wardPath,
    ]);
    expect(outsideTheWard).toEqual([]);
    await ward.close();
    await outsider.close();
    await until('the listeners removed', () => replica.server.subscribers() === before);
    expect(await listening()).toBe(before);
  });

  it('keeps the quota meter of a deciding authority live, and refuses it to whoever does not act for it', async () => {
    const METER = `subscription($a: String!) { quotaMeter(cycle: "2024", authority: $a, subjectKind: PARTY_MEMBER) { authority figures { good excellent maxExcellent } } }`;
    const refused = listen(api, 'HT-TP-BH-BT', METER, { a: 'HT-CL-TTN-DB' });
    await until('the refusal', () => refused.errors.length > 0 || refused.received.length > 0);
    expect(refused.received[0]?.errors?.[0] ?? refused.errors[0][0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await refused.close();

    const before = api.server.subscribers();
    const meter = listen(api, 'HT-CL-TTN-BT', METER, { a: 'HT-CL-TTN-DB' });
    await until('the first figures', () => meter.received.length === 1 && api.server.subscribers() === before + 1);
    const good = meter.received[0].data.quotaMeter.figures.good;
    const w = new Workflow(api, '2024');
    const [m] = (await plainMembers(api, 'HT-CL-TTN', 2)).slice(1);
    const r = await w.proposedMember(m);
    ok(await w.decide('HT-CL-TTN-BT', r.id, 'GOOD'));
    await until('the new figures', () => meter.received.length >= 2);
    expect(meter.received.at(-1).data.quotaMeter).toMatchObject({ authority: 'HT-CL-TTN-DB', figures: { good: good + 1 } });
    await meter.close();
  });

  it('pushes the subjects that become overdue while one listens', async () => {
    const cycle = {
      code: 'LIVE-2026',
      name: 'Theo dõi trực tuyến',
      year: 2026,
      period: 'YEAR',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      referenceDate: '2026-12-01',
      rulePack: 'QD366-2025',
    };
    const load = (dueOn: string) =>
      api.as(DEMO.admin).request<any>(
        gql`
          mutation ($d: JSONObject!) {
            importDataset(input: { dataset: $d }) {
              counts {
                cycles
              }
            }
          }
        `,
        {
          d: { version: 1, cycles: [{ ...cycle, deadlines: [{ tier: 'GRASSROOTS', task: 'RATING_DONE', dueOn, source: '43-HD/BTCTW' }] }] },
        },
      );
    await load('2099-12-31');
    const before = api.server.subscribers();
    const alerts = listen(
      api,
      DEMO.wardSecretary,
      `subscription { overdueAdded(cycle: "LIVE-2026") { subjectKind subjectCode dueOn daysLate stage source } }`,
    );
    await until('the subscription', () => api.server.subscribers() === before + 1);
    await load('2026-01-05');
    await until('the alerts', () => alerts.received.length > 0);
    const pushed = alerts.received[0].data.overdueAdded;
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int n FROM rating_subject WHERE unit_path LIKE (SELECT path FROM unit WHERE code = 'HT-TP-NH') || '%'`,
    );
    expect(pushed.length).toBe(Math.min(n, 500));
    expect(pushed[0]).toMatchObject({ dueOn: '2026-01-05', stage: null, source: '43-HD/BTCTW' });
    await alerts.close();
  });
});
