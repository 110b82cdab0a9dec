import { DelegationRecord } from '../dataset/format';
import { DatasetBuilder } from './dataset-builder';
import { directBranchRows, group4, LEADERS_BELOW_THE_CHAIRS, Row, withCycle } from './matrix-rows';
import { Territory, advisoryBodies, grassroots, territory } from './territory';

/** The demo's province in the 2025 two-level shape: its well-known codes, for the README, the docs and the tests. */
export const TWO_LEVEL = {
  province: 'QT',
  ward: 'QT-DH',
  agenciesCommittee: 'QT-DUCQD',
  governmentCommittee: 'QT-DUUB',
  grassrootsBranch: 'QT-DUUB-STP',
  grassrootsCommittee: 'QT-DUUB-STC',
  agency: 'QT-STC',
} as const;

const COMMUNES = [
  ['DH', 'Phường Đồng Hới', 'WARD'],
  ['DT', 'Phường Đồng Thuận', 'WARD'],
  ['BT', 'Xã Bố Trạch', 'COMMUNE'],
  ['VL', 'Xã Vĩnh Linh', 'COMMUNE'],
] as const;

/** 43-HD/BTCTW §3: who decides each party organization, level by level. */
const WHO_DECIDES = '43-HD/BTCTW §3';
/** 366-QĐ/TW Art. 12: the competent level decides after the advisory body appraises and proposes. */
const PROCESS = '366-QĐ/TW Art. 12';
/** App. 2 of 366-QĐ/TW: the leaders the Politburo or Secretariat manage are rated there. */
const CENTRALLY_MANAGED = ['SECRETARY', 'STANDING_DEPUTY_SECRETARY', 'HDND_CHAIR', 'UBND_CHAIR'];

/** A party committee above the grassroots without a territory (2025): its organization, committees, office branch and leaders. */
interface PartyCommittee {
  code: string;
  org: string;
  bch: string;
  btv: string;
  officeBranch: string;
}

function partyCommittee(b: DatasetBuilder, code: string, name: string, shortName: string, parent: Territory): PartyCommittee {
  b.unit(code, `Đảng bộ ${name}`, 'PARTY_COMMITTEE', parent.code);
  const org = b.body(`${code}-DB`, `Đảng bộ ${name}`, 'PARTY_ORGANIZATION', code);
  const bch = b.body(`${code}-BCH`, `Ban Chấp hành Đảng bộ ${name}`, 'PARTY_EXECUTIVE_COMMITTEE', code, org);
  const btv = b.body(`${code}-BTV`, `Ban Thường vụ ${shortName}`, 'PARTY_STANDING_COMMITTEE', code, bch);
  const standing = b.collective(`${code}-BTV-TT`, `Tập thể Ban Thường vụ ${shortName}`, 'PARTY_STANDING_COMMITTEE', btv);
  const officeBranch = b.branch(`${code}-CBCQ`, `Chi bộ Cơ quan ${shortName}`, code, 9, org);
  b.leader(officeBranch, {
    code: `${code}-BT`,
    title: `Bí thư ${shortName}`,
    category: 'SECRETARY',
    role: 'HEAD',
    unit: code,
    body: org,
    collective: standing,
    managedBy: parent.btv,
  });
  b.leader(officeBranch, {
    code: `${code}-PBTTT`,
    title: `Phó Bí thư Thường trực ${shortName}`,
    category: 'STANDING_DEPUTY_SECRETARY',
    role: 'DEPUTY',
    unit: code,
    body: org,
    collective: standing,
    managedBy: parent.btv,
  });
  b.committeeSeats(code, bch, btv);
  return { code, org, bch, btv, officeBranch };
}

/**
 * The province of Quảng Trị as merged on 1/7/2025: province → communes and wards → branches, and the
 * two party committees above the grassroots that replaced the district level for the province's
 * agencies (the party's agencies; the government's, with a department's grassroots committee and a
 * grassroots branch). Returns its matrix for a cycle under 366-QĐ/TW and 43-HD/BTCTW.
 */
export function twoLevelProvince(b: DatasetBuilder): (cycle: string) => DelegationRecord[] {
  const p = territory(b, TWO_LEVEL.province, 'Tỉnh Quảng Trị', 'PROVINCE', undefined, 'Tỉnh ủy Quảng Trị', {
    key: 'QT-BTV',
    others: 'QT-BTV',
  });
  const btc = advisoryBodies(b, p, 'Tỉnh ủy Quảng Trị', p.btv).BTC;
  const communes = COMMUNES.map(([s, name, kind]) => grassroots(b, `${p.code}-${s}`, name, kind, p, p.btv));
  for (const t of [p, ...communes]) b.committeeSeats(t.code, t.bch, t.btv);

  const agencies = partyCommittee(b, TWO_LEVEL.agenciesCommittee, 'các cơ quan Đảng tỉnh Quảng Trị', 'Đảng ủy các cơ quan Đảng tỉnh', p);
  const government = partyCommittee(b, TWO_LEVEL.governmentCommittee, 'Ủy ban nhân dân tỉnh Quảng Trị', 'Đảng ủy UBND tỉnh', p);
  // A department: its leadership rated as a collective; its party members in a grassroots committee under the government's party committee.
  b.unit(TWO_LEVEL.agency, 'Sở Tài chính tỉnh Quảng Trị', 'AGENCY', p.code);
  const agencyBody = b.body(`${TWO_LEVEL.agency}-LD`, 'Lãnh đạo Sở Tài chính tỉnh Quảng Trị', 'AGENCY_LEADERSHIP', TWO_LEVEL.agency);
  const agencyLead = b.collective(
    `${TWO_LEVEL.agency}-LDTT`,
    'Tập thể lãnh đạo Sở Tài chính tỉnh Quảng Trị',
    'AGENCY_LEADERSHIP',
    agencyBody,
  );
  const g = TWO_LEVEL.grassrootsCommittee;
  b.unit(g, 'Đảng bộ Sở Tài chính tỉnh Quảng Trị', 'GRASSROOTS_PARTY_ORG', government.code);
  const gOrg = b.body(`${g}-DB`, 'Đảng bộ Sở Tài chính tỉnh Quảng Trị', 'PARTY_ORGANIZATION', g);
  const gBranches = [
    b.branch(`${g}-CB01`, 'Chi bộ Văn phòng Sở Tài chính', g, 9, gOrg),
    b.branch(`${g}-CB02`, 'Chi bộ Phòng Ngân sách Sở Tài chính', g, 6, gOrg),
  ];
  b.leader(gBranches[0], {
    code: `${g}-BT`,
    title: 'Bí thư Đảng ủy Sở Tài chính',
    category: 'SECRETARY',
    role: 'HEAD',
    unit: g,
    body: gOrg,
    managedBy: government.btv,
  });
  b.leader(gBranches[0], {
    code: `${TWO_LEVEL.agency}-GD`,
    title: 'Giám đốc Sở Tài chính tỉnh Quảng Trị',
    category: 'DEPARTMENT_HEAD',
    role: 'HEAD',
    unit: TWO_LEVEL.agency,
    body: agencyBody,
    collective: agencyLead,
    managedBy: p.btv,
  });
  b.leader(gBranches[1], {
    code: `${TWO_LEVEL.agency}-PGD`,
    title: 'Phó Giám đốc Sở Tài chính tỉnh Quảng Trị',
    category: 'DEPARTMENT_DEPUTY',
    role: 'DEPUTY',
    unit: TWO_LEVEL.agency,
    body: agencyBody,
    collective: agencyLead,
    managedBy: p.btv,
  });
  const justice = b.branch(
    TWO_LEVEL.grassrootsBranch,
    'Chi bộ Sở Tư pháp tỉnh Quảng Trị',
    government.code,
    7,
    government.org,
    'GRASSROOTS_PARTY_ORG',
  );
  const personnel = b.branch(
    `${agencies.code}-BTC`,
    'Chi bộ Ban Tổ chức Tỉnh ủy Quảng Trị',
    agencies.code,
    6,
    agencies.org,
    'GRASSROOTS_PARTY_ORG',
  );
  const directBranches = b.grassrootsBranches().filter((x) => x.parent === p.code);
  const orgOf = (unit: string) => `${unit}-CB`;

  return (cycle) => {
    const rows: Row[] = [
      {
        code: `${p.code}/self-rating`,
        delegate: p.bch,
        power: 'PROPOSE',
        subject: { kind: 'PARTY_ORGANIZATION', scope: p.code, within: 'SELF' },
        compiler: btc,
        source: WHO_DECIDES,
        note: 'The executive committee adopts; the Central Organization Commission appraises; the Politburo or Secretariat decides.',
      },
      {
        code: `${p.code}/standing-collective`,
        delegate: p.bch,
        power: 'PROPOSE',
        subject: { kind: 'LEADERSHIP_COLLECTIVE', categories: ['PARTY_STANDING_COMMITTEE'], scope: p.code, within: 'SELF' },
        compiler: btc,
        source: `${PROCESS}; ${WHO_DECIDES}`,
        note: 'Rated by the Politburo or Secretariat.',
      },
      {
        code: `${p.code}/centrally-managed-leaders`,
        delegate: p.btv,
        power: 'PROPOSE',
        subject: { kind: 'LEADER', categories: CENTRALLY_MANAGED, scope: p.code, within: 'SELF' },
        compiler: btc,
        source: '366-QĐ/TW Art. 5, App. 2',
        note: 'Leaders the Politburo or Secretariat manage are rated there; the province proposes.',
      },
      {
        code: `${p.code}/collectives`,
        delegate: p.btv,
        power: 'DECIDE',
        compiler: btc,
        source: PROCESS,
        subject: {
          kind: 'LEADERSHIP_COLLECTIVE',
          categories: [
            'PEOPLES_COUNCIL_STANDING',
            'PEOPLES_COMMITTEE_LEADERSHIP',
            'FRONT_STANDING',
            'SOCIO_POLITICAL_STANDING',
            'ADVISORY_LEADERSHIP',
          ],
          scope: p.code,
          within: 'SELF',
        },
      },
      {
        code: `${p.code}/leaders`,
        delegate: p.btv,
        power: 'DECIDE',
        subject: { kind: 'LEADER', categories: LEADERS_BELOW_THE_CHAIRS, scope: p.code, within: 'SELF' },
        compiler: btc,
        source: PROCESS,
      },
      {
        code: `${p.code}/party-committees`,
        delegate: p.btv,
        power: 'DECIDE',
        subject: { kind: 'PARTY_ORGANIZATION', scope: p.code, within: 'CHILDREN' },
        compiler: btc,
        source: WHO_DECIDES,
        note: 'Communes and wards (grassroots committees directly under the province), the committees above the grassroots, and the branches directly under the province.',
      },
      {
        code: `${p.code}/commune-collectives`,
        delegate: p.btv,
        power: 'DECIDE',
        compiler: btc,
        source: `${PROCESS}; ${WHO_DECIDES}`,
        subject: {
          kind: 'LEADERSHIP_COLLECTIVE',
          categories: ['PARTY_STANDING_COMMITTEE', 'PEOPLES_COUNCIL_STANDING', 'PEOPLES_COMMITTEE_LEADERSHIP', 'AGENCY_LEADERSHIP'],
          scope: p.code,
          within: 'CHILDREN',
        },
      },
      {
        code: `${p.code}/commune-leaders`,
        delegate: p.btv,
        power: 'DECIDE',
        compiler: btc,
        source: PROCESS,
        subject: {
          kind: 'LEADER',
          categories: [
            'SECRETARY',
            'STANDING_DEPUTY_SECRETARY',
            'HDND_CHAIR',
            'HDND_VICE_CHAIR',
            'UBND_CHAIR',
            'UBND_VICE_CHAIR',
            'DEPARTMENT_HEAD',
          ],
          scope: p.code,
          within: 'CHILDREN',
        },
        note: 'Cadres on the provincial standing committee’s list.',
      },
      {
        code: `${p.code}/department-deputies`,
        delegator: p.btv,
        delegate: government.btv,
        power: 'DECIDE',
        subject: { kind: 'LEADER', categories: ['DEPARTMENT_DEPUTY'], scope: p.code, within: 'CHILDREN' },
        source: PROCESS,
        note: 'Delegated to the standing committee of the government’s party committee, where the department’s members are.',
      },
    ];
    for (const c of communes) {
      rows.push(
        ...group4(p.btv, c, btc, WHO_DECIDES),
        {
          code: `${c.code}/branches`,
          delegate: c.org,
          power: 'DECIDE',
          subject: { kind: 'PARTY_ORGANIZATION', scope: c.code, within: 'BELOW' },
          source: WHO_DECIDES,
        },
        {
          code: `${c.code}/members`,
          delegate: c.org,
          power: 'DECIDE',
          subject: { kind: 'PARTY_MEMBER', scope: c.code, within: 'SUBTREE' },
          source: PROCESS,
        },
      );
    }
    for (const k of [agencies, government]) {
      rows.push(
        {
          code: `${k.code}/organizations`,
          delegate: k.btv,
          power: 'DECIDE',
          subject: { kind: 'PARTY_ORGANIZATION', scope: k.code, within: 'CHILDREN' },
          source: WHO_DECIDES,
          note: 'Grassroots committees and grassroots branches: the next-level standing committee.',
        },
        {
          code: `${k.code}/leaders`,
          delegate: k.btv,
          power: 'DECIDE',
          subject: {
            kind: 'LEADER',
            categories: ['SECRETARY', 'BRANCH_SECRETARY', 'BRANCH_DEPUTY_SECRETARY'],
            scope: k.code,
            within: 'CHILDREN',
          },
          source: PROCESS,
        },
        {
          code: `${k.code}/committees`,
          delegate: k.btv,
          power: 'DECIDE',
          subject: { kind: 'LEADERSHIP_COLLECTIVE', categories: ['BRANCH_COMMITTEE'], scope: k.code, within: 'CHILDREN' },
          source: PROCESS,
        },
        {
          code: `${k.officeBranch}/members`,
          delegate: orgOf(k.officeBranch),
          power: 'DECIDE',
          subject: { kind: 'PARTY_MEMBER', scope: k.officeBranch, within: 'SELF' },
          source: PROCESS,
        },
      );
    }
    for (const branch of [justice, personnel]) {
      rows.push({
        code: `${branch}/members`,
        delegate: orgOf(branch),
        power: 'DECIDE',
        subject: { kind: 'PARTY_MEMBER', scope: branch, within: 'SELF' },
        source: PROCESS,
      });
    }
    rows.push(
      {
        code: `${g}/branches`,
        delegate: gOrg,
        power: 'DECIDE',
        subject: { kind: 'PARTY_ORGANIZATION', scope: g, within: 'BELOW' },
        source: WHO_DECIDES,
        note: 'A branch under a grassroots committee: the grassroots committee.',
      },
      {
        code: `${g}/branch-leaders`,
        delegate: gOrg,
        power: 'DECIDE',
        subject: { kind: 'LEADER', categories: ['BRANCH_SECRETARY', 'BRANCH_DEPUTY_SECRETARY'], scope: g, within: 'BELOW' },
        source: PROCESS,
      },
      {
        code: `${g}/branch-committees`,
        delegate: gOrg,
        power: 'DECIDE',
        subject: { kind: 'LEADERSHIP_COLLECTIVE', categories: ['BRANCH_COMMITTEE'], scope: g, within: 'BELOW' },
        source: PROCESS,
      },
      {
        code: `${g}/members`,
        delegate: gOrg,
        power: 'DECIDE',
        subject: { kind: 'PARTY_MEMBER', scope: g, within: 'SUBTREE' },
        source: PROCESS,
      },
    );
    return [
      ...withCycle(cycle, rows),
      ...directBranchRows(cycle, p, directBranches, { leaders: WHO_DECIDES, committees: WHO_DECIDES, members: PROCESS }),
    ];
  };
}
