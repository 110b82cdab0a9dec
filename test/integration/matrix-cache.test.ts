import { gql } from 'graphql-request';
import { signDevToken } from '../../src/auth/tokens';
import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, config, postRaw, startTestApi } from '../support/api';
import { eventually, withoutForgetting } from '../support/eventually';
import { IMPORT_DATASET } from '../support/own-dataset';
import { plainMembers } from '../support/workflow';

let api: TestApi;
let replica: TestApi;
beforeAll(async () => {
  // One connection each: a caller's requests in a row find their scope held by it (policies/load-viewer.ts), so the
  // statements two requests differ by are those of what the replica keeps besides.
  api = await startTestApi({ settings: { apiPoolSize: 1 } });
  replica = await startTestApi({ settings: { apiPoolSize: 1 } });
});

/**
 * Each measurement starts with nothing kept (`cold`): one run again because something was forgotten meanwhile had kept
 * the value its previous run read, and found it kept at its first read. (Both test servers run in this process and share the stores.)
 */
/** A first request of the caller on the replica: the caller read and kept, their scope held by its connection. */
const enter = (on: TestApi, code: string) =>
  postRaw(on.url, JSON.stringify({ query: '{ viewer { code } }' }), { authorization: `Bearer ${signDevToken(code, config)}` });
afterAll(async () => {
  await replica.close();
  await api.close();
});

const CYCLE = {
  code: 'CACHE-2026',
  name: 'Thử bộ nhớ đệm',
  year: 2026,
  period: 'YEAR',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  referenceDate: '2026-12-01',
  rulePack: 'QD366-2025',
  deadlines: [],
};
const importRows = (delegations: object[]) =>
  api.as(DEMO.admin).request<any>(
    gql`
      mutation ($d: JSONObject!) {
        importDataset(input: { dataset: $d }) {
          counts {
            delegations
          }
          userErrors {
            message
          }
        }
      }
    `,
    { d: { version: 1, cycles: [CYCLE], delegations } },
  );

/** A query as the administrator, on one replica: its data and the statements it ran. */
async function asAdmin(on: TestApi, query: string): Promise<{ data: any; statements: number }> {
  const res = await postRaw(on.url, JSON.stringify({ query }), { authorization: `Bearer ${signDevToken(DEMO.admin, config)}` });
  return { data: res.json.data, statements: res.json.extensions.sqlStatements };
}

describe('the matrix rows a replica keeps across requests', () => {
  it('save a statement a request, and are forgotten on every replica when the matrix changes', async () => {
    const members = {
      code: 'CACHE-2026/HT-TP-BH/members',
      cycle: CYCLE.code,
      delegate: 'HT-TP-BH-DB',
      power: 'DECIDE',
      subject: { kind: 'PARTY_MEMBER', scope: 'HT-TP-BH', within: 'SUBTREE' },
      source: '366-QĐ/TW Art. 12',
    };
    expect((await importRows([members])).importDataset.counts.delegations).toBe(1);
    const [m] = await plainMembers(api, 'HT-TP-BH-CB01', 1);
    const [{ id }] = await api.db.query(`SELECT m.id FROM membership m JOIN person p ON p.id = m.person_id WHERE p.code = $1`, [m]);
    const ask = async () => {
      const res = await postRaw(
        replica.url,
        JSON.stringify({
          query: `query($s: ID!) { canI(cycle: "CACHE-2026", subject: $s, action: decide) { allowed } }`,
          variables: { s: Buffer.from(`Membership:${id}`).toString('base64url') },
        }),
        { authorization: `Bearer ${signDevToken('HT-TP-BH-BT', config)}` },
      );
      return { allowed: res.json.data.canI.allowed as boolean, statements: res.json.extensions.sqlStatements as number };
    };
    const [first, second] = await withoutForgetting(
      async () => {
        await enter(replica, 'HT-TP-BH-BT');
        return [await ask(), await ask()];
      },
      { cold: true },
    );
    expect([first.allowed, second.allowed]).toEqual([true, true]);
    expect(second.statements).toBe(first.statements - 1);

    // The ward delegates its first branch's members to the branch, through the other replica.
    const toBranch = {
      code: 'CACHE-2026/HT-TP-BH-CB01/members',
      cycle: CYCLE.code,
      delegator: 'HT-TP-BH-DB',
      delegate: 'HT-TP-BH-CB01-CB',
      power: 'DECIDE',
      subject: { kind: 'PARTY_MEMBER', scope: 'HT-TP-BH-CB01', within: 'SELF' },
      source: '366-QĐ/TW Art. 12',
    };
    expect((await importRows([members, toBranch])).importDataset.counts.delegations).toBe(2);
    const now = await eventually(ask, (x) => !x.allowed);
    expect(now.allowed).toBe(false);
  });
});

describe('the units a replica keeps across requests', () => {
  const NAME = `query { unit(code: "KC-U") { name } }`;
  const read = async (on: TestApi) => {
    const { data, statements } = await asAdmin(on, NAME);
    return { name: data.unit.name as string, statements };
  };

  it('save the unit’s statement, and are forgotten at once by the replica that renames and by the others when they hear of it', async () => {
    const units = [{ code: 'KC-U', name: 'Xã Cũ', kind: 'COMMUNE' }];
    const imported = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, { dataset: { version: 1, units } });
    expect(imported.importDataset.userErrors).toEqual([]);
    const [first, second] = await withoutForgetting(
      async () => {
        await enter(replica, DEMO.admin);
        return [await read(replica), await read(replica)];
      },
      { cold: true },
    );
    expect([first.name, second.name]).toEqual(['Xã Cũ', 'Xã Cũ']);
    expect(second.statements).toBe(first.statements - 1);
    expect((await read(api)).name).toBe('Xã Cũ');

    const renamed = await api
      .as(DEMO.admin)
      .request<any>(`mutation($i: RenameUnitInput!) { renameUnit(input: $i) { userErrors { code message } } }`, {
        i: { unit: 'KC-U', name: 'Xã Mới', effectiveOn: '2026-07-01', decisionRef: '1/NQ-KC' },
      });
    expect(renamed.renameUnit.userErrors).toEqual([]);
    // The replica that renamed reads the new name in its very next request.
    expect((await read(api)).name).toBe('Xã Mới');
    const there = await eventually(
      () => read(replica),
      (x) => x.name === 'Xã Mới',
    );
    expect(there.name).toBe('Xã Mới');
  });
});

describe('the rule packs a replica keeps across requests', () => {
  const RULES = `query { rules(cycle: "CACHE-2026", unit: "HT-TP-BH") { parameters { path value } } }`;
  const read = async (on: TestApi) => {
    const { data, statements } = await asAdmin(on, RULES);
    return {
      min: (data.rules.parameters as { path: string; value: string }[]).find((p) => p.path === 'scoring.excellentMin')?.value,
      statements,
    };
  };

  it('save the pack’s statement, and are forgotten when a locality’s parameters change, on every replica', async () => {
    expect((await importRows([])).importDataset.counts.delegations).toBe(0);
    const [first, second] = await withoutForgetting(
      async () => {
        await enter(replica, DEMO.admin);
        return [await read(replica), await read(replica)];
      },
      { cold: true },
    );
    expect(second.statements).toBe(first.statements - 1);
    const set = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
      dataset: {
        version: 1,
        ruleParameters: [{ cycle: 'CACHE-2026', unit: 'HT-TP', source: 'KC §1', set: { 'scoring.excellentMin': 93 } }],
      },
    });
    expect(set.importDataset.userErrors).toEqual([]);
    expect((await read(api)).min).toBe('93');
    const there = await eventually(
      () => read(replica),
      (x) => x.min === '93',
    );
    expect(there.min).toBe('93');
  });
});
