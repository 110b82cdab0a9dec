import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, postRaw, startTestApi } from '../support/api';
import { signDevToken } from '../../src/auth/tokens';
import { config } from '../support/api';
import { withoutForgetting } from '../support/eventually';
import { plainMembers, unanimous, Workflow } from '../support/workflow';

let api: TestApi;
beforeAll(async () => {
  // One connection: the requests of a test follow one another on it, as a caller's requests in a row mostly do.
  api = await startTestApi({ settings: { apiPoolSize: 1 } });
});
afterAll(async () => {
  await api.close();
});

const MEMBERS_PAGE = `query($first: Int!) {
  unit(code: "HT-TP") {
    members(first: $first) {
      totalCount
      nodes { status branch { name parent { name } } person { fullName posts { title unit { name } collective { name } } } }
    }
  }
}`;

async function statements(first: number): Promise<{ count: number; rows: number }> {
  const res = await postRaw(api.url, JSON.stringify({ query: MEMBERS_PAGE, variables: { first } }), {
    authorization: `Bearer ${signDevToken(DEMO.citySecretary, config)}`,
  });
  expect(res.json.errors).toBeUndefined();
  return { count: res.json.extensions.sqlStatements, rows: res.json.data.unit.members.nodes.length };
}

describe('DataLoader batching', () => {
  // viewer, unit, page, count, then one batch per relation level: branch, parent, person, posts, unit,
  // collective. DataLoader may split one level over two ticks, hence a bound rather than an exact figure;
  // one statement per row would be over 100.
  const BOUND = 12;

  it.each([10, 50, 100])('runs at most a constant number of SQL statements for a page of %i rows', async (first) => {
    const { count, rows } = await statements(first);
    expect(rows).toBe(first);
    expect(count).toBeGreaterThanOrEqual(6);
    expect(count).toBeLessThanOrEqual(BOUND);
  });
});

describe('the scoped page of members, as a screen asks for it', () => {
  it('runs one data statement once the caller and the unit were read, whatever the page’s size, and sets the scope again after another caller', async () => {
    const page = async (first: number) => {
      const res = await postRaw(
        api.url,
        JSON.stringify({
          query: `query($first: Int!) { unit(code: "HT-TP-BH") { members(first: $first) { nodes { status admittedOn person { code fullName } } } } }`,
          variables: { first },
        }),
        { authorization: `Bearer ${signDevToken('HT-TP-BH-BT', config)}` },
      );
      expect(res.json.errors).toBeUndefined();
      return { statements: res.json.extensions.sqlStatements as number, rows: res.json.data.unit.members.nodes.length as number };
    };
    const seen = await withoutForgetting(async () => {
      await page(1);
      const [ten, fifty] = [await page(10), await page(50)];
      await statements(1);
      return { ten, fifty, after: [await page(10), await page(10)] };
    });
    // The connection holds the caller's scope from the request before: the page with its people joined, alone.
    expect(seen.ten).toEqual({ statements: 1, rows: 10 });
    expect(seen.fifty).toEqual({ statements: 1, rows: 50 });
    // Another caller's request in between: their scope on the connection, then this caller's set again.
    expect(seen.after).toEqual([
      { statements: 2, rows: 10 },
      { statements: 1, rows: 10 },
    ]);
  });
});

describe('a page of ratings with their subjects, consultations and suggestions', () => {
  const RATINGS = `query($first: Int!) { ratings(cycle: "2024", first: $first) { nodes { stage subject { code label } consultations { source } suggestions { text } } } }`;

  it('batches each of the three per page, not per rating', async () => {
    // Ratings of the demo ward's members, opened (each is a row of the page).
    const members = await api.db
      .query(`SELECT p.code, m.id::text AS id FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.branch_id
                                          WHERE u.code = 'HT-TP-TL-CB04' AND m.status = 'OFFICIAL' ORDER BY p.code LIMIT 12`);
    for (const m of members) {
      await postRaw(
        api.url,
        JSON.stringify({
          query: `mutation($s: ID!) { openRating(input: { cycle: "2024", subject: $s }) { rating { id } } }`,
          variables: { s: Buffer.from(`Membership:${m.id}`).toString('base64url') },
        }),
        { authorization: `Bearer ${signDevToken(m.code, config)}` },
      );
    }
    const count = async (first: number) => {
      const res = await postRaw(api.url, JSON.stringify({ query: RATINGS, variables: { first } }), {
        authorization: `Bearer ${signDevToken('HT-TP-TL-BT', config)}`,
      });
      expect(res.json.errors).toBeUndefined();
      return { statements: res.json.extensions.sqlStatements as number, rows: res.json.data.ratings.nodes.length as number };
    };
    const few = await count(2);
    const many = await count(12);
    expect(many.rows).toBeGreaterThanOrEqual(12);
    // One statement per field and page (DataLoader may split a level over two ticks); one per rating would add three a row.
    expect(many.statements).toBeLessThanOrEqual(few.statements + 2);
  });
});

describe('a decision', () => {
  it('reads what its checks need in one statement: eight statements in four round trips once the caller, the matrix, the rules and the lock with authority are kept', async () => {
    const w = new Workflow(api, '2024');
    const ratings: { id: string }[] = [];
    for (const m of await plainMembers(api, 'HT-TP-XTH-CB05', 10)) ratings.push(await w.proposedMember(m));
    const decide = async () => {
      const res = await postRaw(
        api.url,
        JSON.stringify({
          query: `mutation($input: DecideRatingInput!) { decideRating(input: $input) { userErrors { code } } }`,
          variables: { input: { rating: ratings.shift()!.id, level: 'COMPLETE', ballots: unanimous('COMPLETE') } },
        }),
        { authorization: `Bearer ${signDevToken('HT-TP-XTH-BT', config)}` },
      );
      expect(res.json.data.decideRating.userErrors).toEqual([]);
      return { statements: res.json.extensions.sqlStatements as number, roundTrips: res.json.extensions.sqlRoundTrips as number };
    };
    // The first decision reads the caller, the matrix and the rules; the second, knowing the cycle and kind of the caller's
    // last step, locks the rating with their authority over it, a statement new to the connection (parsed in a round trip
    // of its own); the third is counted. All again if another test's change was announced meanwhile (what this replica kept
    // forgotten).
    const third = async () => {
      await decide();
      await decide();
      return decide();
    };
    // The transaction, the rating locked with the caller's authority over its subject and the covering rows, the reads ahead
    // (consultations, the member's facts, the ballot's roster, the other places' votes) with the quota scope's lock, the
    // quota's count, the update, the audit trail's head and event, the commit — in four round trips: the transaction opens
    // with the rating's lock, the count goes with the reads, the head's lock with the update, the event with the commit.
    expect(await withoutForgetting(third)).toEqual({ statements: 8, roundTrips: 4 });
  });
});
