import { gql } from 'graphql-request';
import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, startTestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

/** The global id of a subject from its kind and code (post code, collective code, body code, member's person code). */
async function subjectId(kind: string, code: string): Promise<string> {
  const [row] = await api.db.query(`SELECT ref_id FROM rating_subject WHERE kind = $1 AND code = $2`, [kind, code]);
  if (!row) throw new Error(`no subject ${kind} ${code}`);
  const type = { PARTY_ORGANIZATION: 'Body', LEADERSHIP_COLLECTIVE: 'Collective', PARTY_MEMBER: 'Membership', LEADER: 'Post' }[kind];
  return Buffer.from(`${type}:${row.ref_id}`).toString('base64url');
}

const memberOf = async (branch: string) =>
  (
    await api.db.query(
      `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.branch_id WHERE u.code = $1 AND p.code LIKE 'DV%' ORDER BY p.code LIMIT 1`,
      [branch],
    )
  )[0].code as string;

const WHO = gql`
  query ($s: ID!, $c: String!) {
    whoRates(subject: $s, cycle: $c) {
      subject {
        kind
        code
      }
      deciders {
        code
        source
        power
        direct
        delegatedBy {
          code
        }
        body {
          code
        }
        delegateOffice
        holders {
          code
        }
      }
      proposers {
        code
        body {
          code
        }
      }
      superseded {
        code
      }
      consult {
        code
      }
      compilers {
        code
      }
    }
  }
`;

describe('whoRates: the authority chain of the three matrices', () => {
  it.each([
    // [kind, subject code, cycle, deciding row, clause, consulted bodies]
    ['LEADER', 'HT-TP-PTCKH-TP', '2024', '2024/HT-TP/group2-leaders', '004 §II.6.2.2(2)', []],
    ['LEADER', 'HT-TP-BTG-PB', '2024', '2024/HT-TP/group1-deputies', '004 §II.6.2.2(1)', []],
    // A deputy who sits on the city's executive committee: group 1 excepts him, the standing committee rates him (004 §II.6.2.1).
    ['LEADER', 'HT-TP-BTC-PB', '2024', '2024/HT-TP/executive-deputies', '004 §II.6.2.1', []],
    ['LEADER', 'HT-TP-HDND-KTXH-TB', '2024', '2024/HT-TP/group3-leaders', '004 §II.6.2.2(3)', []],
    ['LEADER', 'HT-TP-NH-CTMTTQ', '2024', '2024/HT-TP-NH/group4-leaders', '004 §II.6.2.2(4)', []],
    ['LEADER', 'HT-TP-NH-BT', '2024', '2024/HT-TP/grassroots-secretaries', '004 §II.6.2.1', []],
    ['LEADER', 'HT-TP-PCTUBND1', '2024', '2024/HT-TP/direct-leaders', '004 §II.6.2.1', []],
    ['LEADER', 'HT-TP-BT', '2024', '2024/HT/listed-titles', '001 §I.2; 004 §II.6.2.1', []],
    ['LEADERSHIP_COLLECTIVE', 'HT-DDHDND-TT', '2024', '2024/HT/collectives', '001 §I.1', []],
    ['LEADERSHIP_COLLECTIVE', 'HT-BCSUBND-TT', '2024', '2024/HT/collectives', '001 §I.1', []],
    [
      'LEADERSHIP_COLLECTIVE',
      'HT-TP-UBND-LD',
      '2023',
      '2023/HT-TP/direct-collectives',
      '004 §II.6.2.1; 004 §II.4.2 step 2',
      [
        'HT-TP-TTHDND',
        'HT-TP-UBND',
        'HT-TP-BTG',
        'HT-TP-UBKT',
        'HT-TP-VP',
        'HT-TP-MTTQ',
        'HT-TP-DTN',
        'HT-TP-HPN',
        'HT-TP-HND',
        'HT-TP-HCCB',
      ],
    ],
    [
      'LEADERSHIP_COLLECTIVE',
      'HT-TP-NH-UBND-LD',
      '2023',
      '2023/HT-TP/group2-ubnd',
      '004 §II.6.2.2(2); 004 §II.4.2 step 2',
      [
        'HT-TP-TTHDND',
        'HT-TP-UBND',
        'HT-TP-BTG',
        'HT-TP-UBKT',
        'HT-TP-VP',
        'HT-TP-MTTQ',
        'HT-TP-DTN',
        'HT-TP-HPN',
        'HT-TP-HND',
        'HT-TP-HCCB',
      ],
    ],
    [
      'LEADERSHIP_COLLECTIVE',
      'HT-TP-BTC-LD',
      '2023',
      '2023/HT-TP/group1-advisory',
      '004 §II.6.2.2(1); 004 §II.4.2 step 2',
      [
        'HT-TP-TTHDND',
        'HT-TP-UBND',
        'HT-TP-BTG',
        'HT-TP-UBKT',
        'HT-TP-VP',
        'HT-TP-MTTQ',
        'HT-TP-DTN',
        'HT-TP-HPN',
        'HT-TP-HND',
        'HT-TP-HCCB',
      ],
    ],
    [
      'PARTY_ORGANIZATION',
      'HT-TP-NH-DB',
      '2024',
      '2024/HT-TP/party-orgs',
      '004 §II.6.1; 004 §II.4.1 step 2',
      [
        'HT-TP-BTG',
        'HT-TP-UBKT',
        'HT-TP-VP',
        'HT-TP-TTCT',
        'HT-TP-TTHDND',
        'HT-TP-UBND',
        'HT-TP-MTTQ',
        'HT-TP-DTN',
        'HT-TP-HPN',
        'HT-TP-HND',
        'HT-TP-HCCB',
      ],
    ],
    ['PARTY_ORGANIZATION', 'HT-TP-NH-CB01-CB', '2024', '2024/HT-TP-NH/branches', '004 §II.6.1', []],
    ['LEADER', 'HT-CL-CTHDND', '2024', '2024/HT-CL/province-delegated-hdnd-chair', '003 §II.5.2', ['HT-DDHDND']],
    ['LEADER', 'HT-CL-CTUBND', '2024', '2024/HT-CL/province-delegated-ubnd-chair', '003 §II.5.2', ['HT-BCSUBND']],
    ['LEADER', 'HT-CL-XTL-CTUBND', '2024', '2024/HT-CL/listed-commune-ubnd', '003 §II.5.2; 003 §III.2', ['HT-CL-UBND']],
    // Rows that say "on the management list of the district standing committee" (003 §II.5.2).
    ['LEADER', 'HT-CL-XTL-PCTUBND1', '2024', '2024/HT-CL/listed-commune-ubnd', '003 §II.5.2; 003 §III.2', ['HT-CL-UBND']],
    ['LEADER', 'HT-CL-XTL-PCTHDND', '2024', '2024/HT-CL/listed-commune-hdnd', '003 §II.5.2; 003 §III.2', ['HT-CL-TTHDND']],
    ['LEADER', 'HT-CL-XTL-BT', '2024', '2024/HT-CL/listed-commune-party', '003 §II.5.2; 003 §III.2', ['HT-CL-BTC']],
    // A commune secretary on the district standing committee: no written opinion first (003 §III.2, "trừ các đồng chí là UVTV Huyện ủy").
    ['LEADER', 'HT-CL-XTT-BT', '2024', '2024/HT-CL/listed-commune-standing-members', '003 §III.2', []],
    ['LEADER', 'HT-CL-PCTUBND1', '2024', '2024/HT-CL/listed-district-cadres', '003 §II.5.2; 003 §III.2', ['HT-CL-BTC']],
    // Subjects no row decided before the coverage check found them.
    ['LEADER', 'HT-CL-XTL-PCTMTTQ', '2024', '2024/HT-CL-XTL/group4-leaders', '003 §II.5.1; 004 §II.6.2.2(4)', []],
    ['LEADERSHIP_COLLECTIVE', 'HT-CL-XTL-BTV-TT', '2024', '2024/HT-CL/grassroots-standing', '003 §II.5.1', []],
    ['LEADER', 'HT-TP-PTCKH-CB-BT', '2024', '2024/HT-TP/direct-branch-leaders', '004 §II.6.2.1', []],
    ['PARTY_MEMBER', 'HT-TP-PTCKH-TP', '2024', '2024/HT-TP-PTCKH-CB/members', '004 §II.4.3', []],
    ['PARTY_MEMBER', 'ADMIN001', '2024', '2024/HT-CBCQ/members', '004 §II.4.3', []],
    ['LEADER', 'HT-XTC-PCTUBND1', '2024', '2024/HT/two-level-commune-vice-chairs', '004 §II.6.2.1', []],
    ['LEADER', 'HT-TP-PNV-TP', '2024', '2024/HT-TP/group2-internal-affairs', '004 §II.6.2.2(2)', []],
    ['LEADERSHIP_COLLECTIVE', 'HT-CL-XTL-TTHDND-TT', '2024', '2024/HT-CL/commune-hdnd-standing', '003 §II.5.1', []],
    ['PARTY_ORGANIZATION', 'HT-CL-DB', '2024', '2024/HT/party-orgs', '001 §I.1', []],
    ['PARTY_ORGANIZATION', 'HT-XTC-DB', '2024', '2024/HT/party-orgs', '001 §I.1', []],
  ])('%s %s in %s is decided under %s (%s)', async (kind, code, cycle, row, source, consult) => {
    const data = await api.as(DEMO.admin).request<any>(WHO, { s: await subjectId(kind, code), c: cycle });
    const chain = data.whoRates;
    expect(chain.deciders.map((d: any) => [d.code, d.source])).toEqual([[row, source]]);
    expect(chain.consult.map((b: any) => b.code)).toEqual(consult);
  });

  it('shows the delegated office and its holder, the delegator, and what was delegated away', async () => {
    const hdnd = await api.as(DEMO.admin).request<any>(WHO, { s: await subjectId('LEADER', 'HT-CL-CTHDND'), c: '2024' });
    expect(hdnd.whoRates.deciders[0]).toMatchObject({ direct: false, delegatedBy: { code: 'HT-BTV' }, body: { code: 'HT-CL-BTV' } });
    expect(hdnd.whoRates.superseded.map((s: any) => s.code)).toEqual(['2024/HT/listed-titles']);
    expect(hdnd.whoRates.proposers.map((p: any) => p.code)).toEqual(['2024/HT-CL/listed-titles-comment']);
    const head = await api.as(DEMO.admin).request<any>(WHO, { s: await subjectId('LEADER', 'HT-TP-PTCKH-TP'), c: '2024' });
    expect(head.whoRates.deciders[0]).toMatchObject({
      delegateOffice: 'UBND_CHAIR',
      body: { code: 'HT-TP-UBND' },
      holders: [{ code: 'HT-TP-CTUBND' }],
    });
    expect(head.whoRates.compilers.map((b: any) => b.code)).toEqual(['HT-TP-PNV']);
    // A body whose people hold their posts through its collective (the province's standing committee): head first.
    const party = await api.as(DEMO.admin).request<any>(WHO, { s: await subjectId('PARTY_ORGANIZATION', 'HT-CL-DB'), c: '2024' });
    expect(party.whoRates.deciders[0]).toMatchObject({ body: { code: 'HT-BTV' }, holders: [{ code: 'HT-BT' }, { code: 'HT-PBTTT' }] });
  });

  it('answers null for a subject outside the caller scope', async () => {
    const data = await api
      .as(DEMO.wardSecretary)
      .request<any>(WHO, { s: await subjectId('PARTY_MEMBER', await memberOf('HT-TP-BH-CB01')), c: '2024' });
    expect(data.whoRates).toBeNull();
  });
});

const CAN = gql`
  query ($a: SubjectAction!, $s: ID!) {
    canI(action: $a, subject: $s, cycle: "2024") {
      allowed
      reason
      wouldNeed {
        code
        body {
          code
        }
        delegateOffice
      }
    }
  }
`;

describe('committee seats as the subject views show them (004 §II.6.2.1–6.2.2(1); 003 §III.2)', () => {
  it('list the committees a leader’s or member’s person sits on, by unit, and none for organizations', async () => {
    const seats = async (kind: string, code: string) =>
      (await api.db.query(`SELECT seats FROM rating_subject WHERE kind = $1 AND code = $2`, [kind, code]))[0].seats;
    const unit = async (code: string) => (await api.db.query(`SELECT id::text FROM unit WHERE code = $1`, [code]))[0].id;
    const city = await unit('HT-TP');
    expect((await seats('LEADER', 'HT-TP-PBTTT')).sort()).toEqual([`${city}:EXECUTIVE`, `${city}:STANDING`]);
    expect(await seats('LEADER', 'HT-TP-BTC-PB')).toEqual([`${city}:EXECUTIVE`]);
    expect(await seats('LEADER', 'HT-TP-BTG-PB')).toEqual([]);
    expect(await seats('LEADER', 'HT-CL-XTT-BT')).toEqual(
      expect.arrayContaining([`${await unit('HT-CL')}:STANDING`, `${await unit('HT-CL-XTT')}:STANDING`]),
    );
    expect(await seats('PARTY_ORGANIZATION', 'HT-TP-NH-DB')).toEqual([]);
    const [branch] = await api.db.query(
      `SELECT u.id::text, u.code FROM body b JOIN unit u ON u.id = b.unit_id WHERE b.kind = 'BRANCH_COMMITTEE' ORDER BY u.code LIMIT 1`,
    );
    const member = await memberOf(branch.code);
    expect(await seats('PARTY_MEMBER', member)).toEqual([]);
    await api.db
      .transaction(async (em) => {
        const seated = await em.query(
          `INSERT INTO committee_seat (body_id, person_id, starts_on) SELECT b.id, p.id, '2020-01-01' FROM body b, person p
                        WHERE b.kind = 'BRANCH_COMMITTEE' AND b.unit_id = $2 AND p.code = $1 RETURNING id`,
          [member, branch.id],
        );
        expect(seated).toHaveLength(1);
        const [row] = await em.query(`SELECT seats FROM rating_subject WHERE kind = 'PARTY_MEMBER' AND code = $1`, [member]);
        expect(row.seats).toEqual([`${branch.id}:BRANCH_COMMITTEE`]);
        throw new Error('rolled back');
      })
      .catch((e) => {
        if ((e as Error).message !== 'rolled back') throw e;
      });
  });
});

describe('who may do what (table of matrix rows)', () => {
  it.each([
    // [caller, action, kind, subject, allowed]
    ['HT-TP-CTUBND', 'decide', 'LEADER', 'HT-TP-PTCKH-TP', true],
    ['HT-TP-PCTUBND1', 'decide', 'LEADER', 'HT-TP-PTCKH-TP', false],
    ['HT-TP-BT', 'decide', 'LEADER', 'HT-TP-PTCKH-TP', false],
    ['HT-TP-BT', 'decide', 'LEADER', 'HT-TP-PCTUBND1', true],
    ['HT-TP-PBTTT', 'decide', 'LEADER', 'HT-TP-BTG-PB', true],
    ['HT-TP-BT', 'decide', 'LEADER', 'HT-TP-BTG-PB', false],
    // "except executive committee members" (004 §II.6.2.2(1)): the seat decides which row covers a deputy.
    ['HT-TP-BT', 'decide', 'LEADER', 'HT-TP-BTC-PB', true],
    ['HT-TP-PCTHDND', 'decide', 'LEADER', 'HT-TP-NH-CTHDND', true],
    ['HT-TP-NH-BT', 'decide', 'LEADER', 'HT-TP-NH-CTMTTQ', true],
    ['HT-TP-NH-BT', 'decide', 'LEADER', 'HT-TP-BH-CTMTTQ', false],
    ['HT-TP-NH-BT', 'decide', 'LEADER', 'HT-TP-NH-BT', false],
    ['HT-TP-NH-BT', 'selfAssess', 'LEADER', 'HT-TP-NH-BT', true],
    ['HT-TP-BT', 'propose', 'LEADER', 'HT-TP-BT', true],
    ['HT-TP-BT', 'decide', 'LEADER', 'HT-TP-BT', false],
    ['HT-BT', 'decide', 'LEADER', 'HT-TP-BT', true],
    ['HT-BT', 'decide', 'LEADER', 'HT-CL-CTHDND', false],
    ['HT-CL-BT', 'decide', 'LEADER', 'HT-CL-CTHDND', true],
    ['HT-PCTHDND', 'consult', 'LEADER', 'HT-CL-CTHDND', true],
    ['HT-PCTHDND', 'consult', 'LEADER', 'HT-CL-CTUBND', false],
    ['HT-CTUBND', 'consult', 'LEADER', 'HT-CL-CTUBND', true],
    ['HT-TP-BTC-TB', 'verify', 'LEADER', 'HT-TP-BTG-PB', true],
    ['HT-TP-BTC-TB', 'audit', 'LEADER', 'HT-TP-NH-CTMTTQ', true],
    ['HT-BTC-PB', 'audit', 'LEADER', 'HT-CL-CTHDND', true],
    ['HT-TP-NH-PCTUBND1', 'decide', 'LEADER', 'HT-TP-NH-CTMTTQ', false],
    ['HT-TP-NH-BT', 'decide', 'PARTY_MEMBER', 'HT-TP-NH-PCTUBND1', true],
    ['HT-TP-NH-BT', 'decide', 'PARTY_ORGANIZATION', 'HT-TP-NH-CB01-CB', true],
    ['HT-TP-NH-CB01-BT', 'decide', 'PARTY_ORGANIZATION', 'HT-TP-NH-CB01-CB', false],
    ['HT-TP-NH-CB01-BT', 'selfAssess', 'PARTY_ORGANIZATION', 'HT-TP-NH-CB01-CB', true],
  ])('%s may %s %s %s: %s', async (caller, action, kind, code, allowed) => {
    const data = await api.as(caller).request<any>(CAN, { a: action, s: await subjectId(kind, code) });
    expect(data.canI.allowed).toBe(allowed);
  });

  it('explains a refusal with the rows that would be needed', async () => {
    const data = await api.as('HT-TP-PCTUBND1').request<any>(CAN, { a: 'decide', s: await subjectId('LEADER', 'HT-TP-PTCKH-TP') });
    expect(data.canI).toMatchObject({
      allowed: false,
      wouldNeed: [{ code: '2024/HT-TP/group2-leaders', body: { code: 'HT-TP-UBND' }, delegateOffice: 'UBND_CHAIR' }],
    });
    expect(data.canI.reason).toContain('004 §II.6.2.2(2)');
  });
});
