import { CycleRecord, DatasetFile, DelegationRecord, ManagementListRecord } from '../dataset/format';
import { DatasetBuilder } from './dataset-builder';
import { SeededRandom } from './random';
import { branchesAndMembers, directBranchRows, group4, LEADERS_BELOW_THE_CHAIRS, Row, withCycle } from './matrix-rows';
import { Territory, advisoryBodies, agency, grassroots, territory } from './territory';
import { twoLevelProvince } from './two-level-province';

/** The demo's well-known codes, for the README, the docs and the tests. */
export const DEMO = {
  province: 'HT',
  city: 'HT-TP',
  district: 'HT-CL',
  twoLevelCommune: 'HT-XTC',
  admin: 'ADMIN001',
  citySecretary: 'HT-TP-BT',
  wardSecretary: 'HT-TP-NH-BT',
  cycles: ['2023', '2024'],
  term: 'NK2020-2025',
} as const;

const CITY_WARDS = [
  ['BH', 'Phường Bắc Hà', 'WARD'],
  ['NH', 'Phường Nam Hà', 'WARD'],
  ['TP', 'Phường Trần Phú', 'WARD'],
  ['ND', 'Phường Nguyễn Du', 'WARD'],
  ['TL', 'Phường Thạch Linh', 'WARD'],
  ['XTH', 'Xã Thạch Hạ', 'COMMUNE'],
] as const;
const DISTRICT_COMMUNES = [
  ['TTN', 'Thị trấn Nghèn', 'TOWNSHIP'],
  ['XTL', 'Xã Thiên Lộc', 'COMMUNE'],
  ['XTT', 'Xã Thuần Thiện', 'COMMUNE'],
  ['XVL', 'Xã Vượng Lộc', 'COMMUNE'],
  ['XKST', 'Xã Kim Song Trường', 'COMMUNE'],
] as const;

/**
 * Builds the demo dataset: the province of Hà Tĩnh with the city of Hà Tĩnh (matrix of 08-HD/ThU,
 * seed 004 §II.6), the district of Can Lộc (seed 003 §II.5) and a commune directly under the
 * province as after the 2025 two-level reform; 2023 and 2024 cycles with their delegations; and the
 * province of Quảng Trị in the 2025 two-level shape, rated in the 2025 cycle under 366-QĐ/TW.
 */
export function buildDemoDataset(seed = 20231124): DatasetFile {
  const b = new DatasetBuilder(new SeededRandom(seed), '2024-12-01');

  const province = territory(b, DEMO.province, 'Tỉnh Hà Tĩnh', 'PROVINCE', undefined, 'Tỉnh ủy', { key: 'HT-BTV', others: 'HT-BTV' });
  const provinceAdvisory = advisoryBodies(b, province, 'Tỉnh ủy', 'HT-BTV');
  const provinceHdndDelegation = b.body('HT-DDHDND', 'Đảng đoàn HĐND tỉnh', 'PARTY_DELEGATION', 'HT', province.org);
  const provinceUbndCaucus = b.body('HT-BCSUBND', 'Ban cán sự đảng UBND tỉnh', 'PARTY_CAUCUS', 'HT', province.org);
  // The provincial bodies the district must consult (003 §II.5.2) are led by province leaders, concurrently;
  // as leadership collectives they are reviewed and rated by the provincial standing committee (001 §I.1).
  const delegationCollective = b.collective('HT-DDHDND-TT', 'Tập thể Đảng đoàn HĐND tỉnh', 'PARTY_DELEGATION', provinceHdndDelegation);
  const caucusCollective = b.collective('HT-BCSUBND-TT', 'Tập thể Ban cán sự đảng UBND tỉnh', 'PARTY_CAUCUS', provinceUbndCaucus);
  b.post(
    'HT-PCTHDND',
    {
      code: 'HT-DDHDND-BT',
      title: 'Bí thư Đảng đoàn HĐND tỉnh',
      category: 'PARTY_DELEGATION_SECRETARY',
      role: 'HEAD',
      unit: DEMO.province,
      body: provinceHdndDelegation,
      collective: delegationCollective,
    },
    { concurrent: true },
  );
  b.post(
    'HT-CTUBND',
    {
      code: 'HT-BCSUBND-BT',
      title: 'Bí thư Ban cán sự đảng UBND tỉnh',
      category: 'PARTY_CAUCUS_SECRETARY',
      role: 'HEAD',
      unit: DEMO.province,
      body: provinceUbndCaucus,
      collective: caucusCollective,
    },
    { concurrent: true },
  );
  b.member(province.officeBranch, { code: DEMO.admin, systemRoles: ['ADMIN'] });

  const city = territory(b, DEMO.city, 'Thành phố Hà Tĩnh', 'CITY', DEMO.province, 'Thành ủy', { key: 'HT-BTV', others: 'HT-TP-BTV' });
  const cityAdvisory = advisoryBodies(b, city, 'Thành ủy', 'HT-TP-BTV');
  const cityInternalAffairs = b.body('HT-TP-PNV', 'Phòng Nội vụ thành phố', 'INTERNAL_AFFAIRS', DEMO.city);
  b.leader(city.officeBranch, {
    code: 'HT-TP-PNV-TP',
    title: 'Trưởng phòng Nội vụ thành phố',
    category: 'INTERNAL_AFFAIRS_HEAD',
    role: 'HEAD',
    unit: DEMO.city,
    body: cityInternalAffairs,
    managedBy: 'HT-TP-BTV',
  });
  for (const s of ['KTXH', 'PC']) {
    const name = s === 'KTXH' ? 'Ban Kinh tế - Xã hội HĐND thành phố' : 'Ban Pháp chế HĐND thành phố';
    const body = b.body(`HT-TP-HDND-${s}`, name, 'PEOPLES_COUNCIL_COMMITTEE', DEMO.city, city.hdnd);
    const lead = b.collective(`HT-TP-HDND-${s}-LD`, `Tập thể ${name}`, 'PEOPLES_COUNCIL_COMMITTEE', body);
    b.leader(city.officeBranch, {
      code: `HT-TP-HDND-${s}-TB`,
      title: `Trưởng ${name}`,
      category: 'HDND_COMMITTEE_HEAD',
      role: 'HEAD',
      unit: DEMO.city,
      body,
      collective: lead,
      managedBy: 'HT-TP-BTV',
    });
    b.leader(city.officeBranch, {
      code: `HT-TP-HDND-${s}-PB`,
      title: `Phó Trưởng ${name}`,
      category: 'HDND_COMMITTEE_DEPUTY',
      role: 'DEPUTY',
      unit: DEMO.city,
      body,
      collective: lead,
      managedBy: 'HT-TP-BTV',
    });
  }
  agency(
    b,
    city,
    'PTCKH',
    'Phòng Tài chính - Kế hoạch thành phố',
    'AGENCY',
    ['Trưởng phòng', 'DEPARTMENT_HEAD'],
    ['Phó Trưởng phòng', 'DEPARTMENT_DEPUTY'],
    'HT-TP-BTV',
  );
  agency(
    b,
    city,
    'PGDDT',
    'Phòng Giáo dục và Đào tạo thành phố',
    'AGENCY',
    ['Trưởng phòng', 'DEPARTMENT_HEAD'],
    ['Phó Trưởng phòng', 'DEPARTMENT_DEPUTY'],
    'HT-TP-BTV',
  );
  agency(
    b,
    city,
    'PTNMT',
    'Phòng Tài nguyên và Môi trường thành phố',
    'AGENCY',
    ['Trưởng phòng', 'DEPARTMENT_HEAD'],
    ['Phó Trưởng phòng', 'DEPARTMENT_DEPUTY'],
    'HT-TP-BTV',
  );
  agency(
    b,
    city,
    'THCSLVT',
    'Trường THCS Lê Văn Thiêm',
    'PUBLIC_UNIT',
    ['Hiệu trưởng', 'PRINCIPAL'],
    ['Phó Hiệu trưởng', 'VICE_PRINCIPAL'],
    'HT-TP-BTV',
  );
  agency(
    b,
    city,
    'THNH',
    'Trường Tiểu học Nam Hà',
    'PUBLIC_UNIT',
    ['Hiệu trưởng', 'PRINCIPAL'],
    ['Phó Hiệu trưởng', 'VICE_PRINCIPAL'],
    'HT-TP-BTV',
  );
  const wards = CITY_WARDS.map(([s, name, kind]) => grassroots(b, `HT-TP-${s}`, name, kind, city, 'HT-TP-BTV'));

  const district = territory(b, DEMO.district, 'Huyện Can Lộc', 'DISTRICT', DEMO.province, 'Huyện ủy', {
    key: 'HT-BTV',
    others: 'HT-CL-BTV',
  });
  const districtAdvisory = advisoryBodies(b, district, 'Huyện ủy', 'HT-CL-BTV');
  const communes = DISTRICT_COMMUNES.map(([s, name, kind]) => grassroots(b, `HT-CL-${s}`, name, kind, district, 'HT-CL-BTV'));

  const twoLevel = grassroots(b, DEMO.twoLevelCommune, 'Xã Thiên Cầm', 'COMMUNE', province, 'HT-BTV');

  for (const t of [province, district, ...wards, ...communes, twoLevel]) b.committeeSeats(t.code, t.bch, t.btv);
  // A deputy of the Organization Commission elected to the city's executive committee: rated by the standing committee, not group 1 (004 §II.6.2.2(1)).
  b.committeeSeats(city.code, city.bch, city.btv, [`${city.code}-BTC-PB`]);
  // A commune secretary on the district standing committee: rated without the written opinions first (003 §III.2).
  b.seats.push({ body: district.btv, person: `${district.code}-XTT-BT`, startsOn: '2020-10-01', source: '003 §III.2' });
  const directBranches = b.grassrootsBranches();
  const twoLevelMatrix = twoLevelProvince(b);
  for (const cycle of cycles()) {
    b.cycles.push(cycle);
    const y = cycle.code;
    const matrix = [
      ...provinceMatrix(y, province, provinceAdvisory.BTC, [city, district], twoLevel),
      ...cityMatrix(y, city, cityAdvisory, cityInternalAffairs, wards),
      ...districtMatrix(y, district, districtAdvisory.BTC, communes, provinceHdndDelegation, provinceUbndCaucus),
      ...[province, city, district].flatMap((t) =>
        directBranchRows(
          y,
          t,
          directBranches.filter((x) => x.parent === t.code),
        ),
      ),
      // The province reorganized into two levels exists from 2025 (43-HD/BTCTW §3 says who decides there).
      ...(cycle.rulePack === 'QD366-2025' ? twoLevelMatrix(y) : []),
    ];
    // A quarter rates individuals (Kết luận 198-KL/TW: cadres quarterly), by the same bodies as the year: an approximation
    // of "whoever directly manages and assigns the work" (366-QĐ/TW Art. 3) until a locality's quarterly matrix is known.
    // A term reviews the leaders and leadership collectives it elected, by the bodies that rate them in the term's last year.
    const kept =
      cycle.period === 'QUARTER' ? ['PARTY_MEMBER', 'LEADER'] : cycle.period === 'TERM' ? ['LEADER', 'LEADERSHIP_COLLECTIVE'] : null;
    b.delegations.push(...(kept ? matrix.filter((r) => kept.includes(r.subject.kind)) : matrix));
    b.managementLists.push(...districtList(y, district));
    // The district's plan words the small-group clause differently from the city's guidance (003 §4.4 vs 004 §II.7.17).
    // …and states the head cap without 004 §II.7.15's exception for a head transferred in.
    if (cycle.rulePack !== 'QD366-2025')
      b.ruleParameters.push({
        cycle: y,
        unit: DEMO.district,
        quota: { smallGroupComparison: '<=', smallGroupRequiresAllGood: false },
        headTransferredInException: false,
        source: '003 §4.4',
      });
  }
  return b.build();
}

function cycles(): CycleRecord[] {
  const deadlines = (year: number) => [
    { tier: 'GRASSROOTS', task: 'RATING_DONE', dueOn: `${year}-12-05`, source: year === 2023 ? '004 §III.1.3' : '000 §7' },
    { tier: 'DISTRICT', task: 'RATING_DONE', dueOn: `${year}-12-15`, source: year === 2023 ? '004 §III.1.3' : '000 §7' },
    { tier: 'DISTRICT', task: 'DOSSIERS_TO_CITY', dueOn: `${year}-12-10`, source: '004 §III.1.4' },
    { tier: 'DISTRICT', task: 'REVIEW_SUGGESTIONS_SENT', dueOn: `${year}-11-20`, source: '000 §6' },
    { tier: 'PROVINCE', task: 'REVIEW_DONE', dueOn: `${year}-11-30`, source: '001 §VI.1' },
    { tier: 'PROVINCE', task: 'CONSULTATIONS_IN', dueOn: `${year}-12-05`, source: '001 §VI.1' },
    { tier: 'PROVINCE', task: 'RATING_DONE', dueOn: `${year}-12-15`, source: '001 §VI.1' },
    { tier: 'PROVINCE', task: 'DELEGATED_RATINGS_REPORTED', dueOn: `${year + 1}-01-15`, source: '001 §VI.2' },
    { tier: 'PROVINCE', task: 'REPORT_TO_CENTRE', dueOn: `${year + 1}-01-31`, source: '001 §VI.1' },
  ];
  // 43-HD/BTCTW: rated by 31/12, units with special reporting cycles by 15/01, dossiers (Mẫu 04) by 01/02, the report to the Politburo by 01/03.
  const deadlines366 = (year: number) => [
    ...['GRASSROOTS', 'DISTRICT', 'PROVINCE'].map((tier) => ({ tier, task: 'RATING_DONE', dueOn: `${year}-12-31`, source: '43-HD/BTCTW' })),
    { tier: 'PROVINCE', task: 'SPECIAL_CYCLE_RATING_DONE', dueOn: `${year + 1}-01-15`, source: '43-HD/BTCTW' },
    { tier: 'PROVINCE', task: 'DOSSIERS_TO_CENTRE', dueOn: `${year + 1}-02-01`, source: '43-HD/BTCTW Mẫu 04' },
    { tier: 'PROVINCE', task: 'REPORT_TO_CENTRE', dueOn: `${year + 1}-03-01`, source: '43-HD/BTCTW' },
  ];
  const pack = (year: number) => (year === 2023 ? 'QD124-2023' : year === 2024 ? 'QD124-2024' : 'QD366-2025');
  // The 2020–2025 term (Đại hội nhiệm kỳ 2020–2025): its years feed the term's rating (366-QĐ/TW Art. 15).
  const term: CycleRecord = {
    code: DEMO.term,
    name: 'Đánh giá cán bộ, tập thể lãnh đạo cuối nhiệm kỳ 2020–2025',
    year: 2025,
    period: 'TERM',
    startsOn: '2020-10-01',
    endsOn: '2025-12-31',
    referenceDate: '2025-12-01',
    rulePack: 'QD366-2025',
    locality: DEMO.city,
    deadlines: [],
  };
  const years: CycleRecord[] = [2023, 2024, 2025].map((year) => ({
    code: String(year),
    name: `Kiểm điểm, đánh giá, xếp loại chất lượng năm ${year}`,
    year,
    period: 'YEAR',
    partOf: DEMO.term,
    startsOn: `${year}-01-01`,
    endsOn: `${year}-12-31`,
    referenceDate: `${year}-12-01`,
    rulePack: pack(year),
    locality: DEMO.city,
    deadlines: year < 2025 ? deadlines(year) : deadlines366(year),
  }));
  // 366-QĐ/TW Art. 1, 15: the 2025 year holds its quarters, whose results feed it.
  const quarters: CycleRecord[] = [1, 2, 3, 4].map((q) => {
    const ends = ['03-31', '06-30', '09-30', '12-31'][q - 1];
    return {
      code: `2025-Q${q}`,
      name: `Đánh giá, xếp loại chất lượng quý ${q} năm 2025`,
      year: 2025,
      period: 'QUARTER',
      partOf: '2025',
      startsOn: `2025-${String(q * 3 - 2).padStart(2, '0')}-01`,
      endsOn: `2025-${ends}`,
      referenceDate: `2025-${ends}`,
      rulePack: 'QD366-2025',
      locality: DEMO.city,
      deadlines: [],
    };
  });
  return [term, ...years, ...quarters];
}

/** 001 §I, §VI: what the provincial standing committee rates directly, and the titles it keeps for itself. */
function provinceMatrix(cycle: string, p: Territory, btc: string, districtLevel: Territory[], twoLevel: Territory): DelegationRecord[] {
  const rows: Row[] = [
    {
      code: 'HT/collectives',
      delegate: p.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADERSHIP_COLLECTIVE', scope: p.code, within: 'SELF' },
      compiler: btc,
      source: '001 §I.1',
    },
    {
      code: 'HT/leaders',
      delegate: p.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADER', scope: p.code, within: 'SELF' },
      compiler: btc,
      source: '001 §I.2',
    },
    {
      code: 'HT/party-orgs',
      delegate: p.btv,
      power: 'DECIDE',
      subject: {
        kind: 'PARTY_ORGANIZATION',
        categories: ['CITY', 'DISTRICT', 'COMMUNE', 'PARTY_BRANCH'],
        scope: p.code,
        within: 'CHILDREN',
      },
      compiler: btc,
      source: '001 §I.1',
    },
    {
      code: 'HT/self-rating',
      delegate: p.btv,
      power: 'PROPOSE',
      subject: { kind: 'PARTY_ORGANIZATION', scope: p.code, within: 'SELF' },
      compiler: btc,
      source: '001 §I.1',
      note: 'The provincial party organization rates itself and proposes; the Central decides, outside this dataset.',
    },
    {
      code: 'HT/listed-titles',
      delegate: p.btv,
      power: 'DECIDE',
      subject: {
        kind: 'LEADER',
        categories: ['SECRETARY', 'STANDING_DEPUTY_SECRETARY', 'HDND_CHAIR', 'UBND_CHAIR'],
        scope: p.code,
        within: 'CHILDREN',
      },
      compiler: btc,
      source: '001 §I.2; 004 §II.6.2.1',
      note: 'Titles on the province list: the city or district comments and reports upward.',
    },
    {
      code: 'HT/two-level-commune-members',
      delegate: twoLevel.org,
      power: 'DECIDE',
      subject: { kind: 'PARTY_MEMBER', scope: twoLevel.code, within: 'SUBTREE' },
      source: '004 §II.4.3',
    },
    {
      code: 'HT/two-level-commune-branches',
      delegate: twoLevel.org,
      power: 'DECIDE',
      subject: { kind: 'PARTY_ORGANIZATION', scope: twoLevel.code, within: 'BELOW' },
      source: '004 §II.6.1',
    },
    // A commune directly under the province: the province takes the place the city holds for its wards.
    {
      code: 'HT/two-level-commune-collectives',
      delegate: p.btv,
      power: 'DECIDE',
      subject: {
        kind: 'LEADERSHIP_COLLECTIVE',
        categories: ['PARTY_STANDING_COMMITTEE', 'PEOPLES_COUNCIL_STANDING', 'PEOPLES_COMMITTEE_LEADERSHIP'],
        scope: twoLevel.code,
        within: 'SELF',
      },
      compiler: btc,
      source: '004 §II.6.2.1',
      note: 'The city guidance applied one level up: the commune is directly under the province.',
    },
    {
      code: 'HT/two-level-commune-vice-chairs',
      delegate: p.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: ['HDND_VICE_CHAIR', 'UBND_VICE_CHAIR'], scope: twoLevel.code, within: 'SELF' },
      compiler: btc,
      source: '004 §II.6.2.1',
      note: 'The city guidance applied one level up: the commune is directly under the province.',
    },
    ...group4(p.btv, twoLevel, btc, '004 §II.6.2.2(4)'),
  ];
  for (const t of districtLevel) {
    rows.push({
      code: `${t.code}/listed-titles-comment`,
      delegate: t.btv,
      power: 'PROPOSE',
      subject: {
        kind: 'LEADER',
        categories: ['SECRETARY', 'STANDING_DEPUTY_SECRETARY', 'HDND_CHAIR', 'UBND_CHAIR'],
        scope: t.code,
        within: 'SELF',
      },
      source: '004 §II.6.2.1',
      note: 'Comments and reports to the provincial standing committee, which decides.',
    });
  }
  return withCycle(cycle, rows);
}

/** 08-HD/ThU §II.6 (seed 004): the city standing committee's direct ratings and its four delegated groups. */
/** The deputies group 1 rates for the standing committee (004 §II.6.2.2(1)), members of the executive committee excepted. */
const GROUP1_DEPUTIES = [
  'COMMISSION_DEPUTY',
  'UBKT_DEPUTY',
  'OFFICE_DEPUTY',
  'POLITICAL_CENTRE_DEPUTY',
  'FRONT_VICE_CHAIR',
  'SOCIO_POLITICAL_DEPUTY',
];

function cityMatrix(
  cycle: string,
  c: Territory,
  advisory: Record<string, string>,
  internalAffairs: string,
  wards: Territory[],
): DelegationRecord[] {
  const btc = advisory.BTC;
  // Step 2 (004 §II.4.1–4.2): the Organization Commission, having verified the self-rating, asks the city's bodies for their assessment.
  const orgOpinions = {
    consult: [advisory.BTG, advisory.UBKT, advisory.VP, advisory.TTCT, c.tthdnd, c.ubnd, c.mttq, ...c.socioPolitical],
    compiler: btc,
  };
  const collectiveOpinions = {
    consult: [c.tthdnd, c.ubnd, advisory.BTG, advisory.UBKT, advisory.VP, c.mttq, ...c.socioPolitical],
    compiler: btc,
  };
  const rows: Row[] = [
    {
      code: 'HT-TP/party-orgs',
      delegate: c.btv,
      power: 'DECIDE',
      subject: { kind: 'PARTY_ORGANIZATION', scope: c.code, within: 'CHILDREN' },
      ...orgOpinions,
      source: '004 §II.6.1; 004 §II.4.1 step 2',
    },
    {
      code: 'HT-TP/direct-collectives',
      delegate: c.btv,
      power: 'DECIDE',
      subject: {
        kind: 'LEADERSHIP_COLLECTIVE',
        categories: [
          'PARTY_STANDING_COMMITTEE',
          'PEOPLES_COUNCIL_STANDING',
          'PEOPLES_COMMITTEE_LEADERSHIP',
          'FRONT_STANDING',
          'SOCIO_POLITICAL_STANDING',
        ],
        scope: c.code,
        within: 'SELF',
      },
      ...collectiveOpinions,
      source: '004 §II.6.2.1; 004 §II.4.2 step 2',
    },
    {
      code: 'HT-TP/grassroots-standing',
      delegate: c.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADERSHIP_COLLECTIVE', categories: ['PARTY_STANDING_COMMITTEE'], scope: c.code, within: 'BELOW' },
      ...collectiveOpinions,
      source: '004 §II.6.2.1; 004 §II.4.2 step 2',
    },
    {
      code: 'HT-TP/direct-leaders',
      delegate: c.btv,
      power: 'DECIDE',
      subject: {
        kind: 'LEADER',
        scope: c.code,
        within: 'SELF',
        categories: [
          'HDND_VICE_CHAIR',
          'UBND_VICE_CHAIR',
          'COMMISSION_HEAD',
          'UBKT_CHAIR',
          'OFFICE_CHIEF',
          'POLITICAL_CENTRE_DIRECTOR',
          'FRONT_CHAIR',
          'SOCIO_POLITICAL_HEAD',
        ],
      },
      compiler: btc,
      source: '004 §II.6.2.1',
    },
    {
      code: 'HT-TP/grassroots-secretaries',
      delegate: c.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: ['SECRETARY', 'STANDING_DEPUTY_SECRETARY'], scope: c.code, within: 'CHILDREN' },
      compiler: btc,
      source: '004 §II.6.2.1',
    },
    {
      code: 'HT-TP/group1-advisory',
      delegator: c.btv,
      delegate: c.btv,
      delegateOffice: 'STANDING_DEPUTY_SECRETARY',
      power: 'DECIDE',
      subject: { kind: 'LEADERSHIP_COLLECTIVE', categories: ['ADVISORY_LEADERSHIP'], scope: c.code, within: 'SELF' },
      ...collectiveOpinions,
      source: '004 §II.6.2.2(1); 004 §II.4.2 step 2',
      note: 'Phó Bí thư Thường trực cùng trưởng các ban, Chủ nhiệm UBKT, Chủ tịch UBMTTQ.',
    },
    {
      code: 'HT-TP/group1-deputies',
      delegator: c.btv,
      delegate: c.btv,
      delegateOffice: 'STANDING_DEPUTY_SECRETARY',
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: GROUP1_DEPUTIES, scope: c.code, within: 'SELF', except: { seats: ['EXECUTIVE', 'STANDING'] } },
      compiler: btc,
      source: '004 §II.6.2.2(1)',
      note: 'Trừ Thành ủy viên: Ban Thường vụ đánh giá trực tiếp.',
    },
    {
      code: 'HT-TP/executive-deputies',
      delegate: c.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: GROUP1_DEPUTIES, scope: c.code, within: 'SELF', seats: ['EXECUTIVE', 'STANDING'] },
      compiler: btc,
      source: '004 §II.6.2.1',
      note: 'Thành ủy viên là cấp phó các ban, cơ quan: Ban Thường vụ Thành ủy đánh giá.',
    },
    {
      code: 'HT-TP/group2-ubnd',
      delegator: c.btv,
      delegate: c.ubnd,
      delegateOffice: 'UBND_CHAIR',
      power: 'DECIDE',
      subject: {
        kind: 'LEADERSHIP_COLLECTIVE',
        categories: ['AGENCY_LEADERSHIP', 'PEOPLES_COMMITTEE_LEADERSHIP'],
        scope: c.code,
        within: 'BELOW',
      },
      ...collectiveOpinions,
      compiler: internalAffairs,
      source: '004 §II.6.2.2(2); 004 §II.4.2 step 2',
      note: 'Chủ tịch UBND thành phố cùng tập thể lãnh đạo UBND.',
    },
    {
      code: 'HT-TP/group2-leaders',
      delegator: c.btv,
      delegate: c.ubnd,
      delegateOffice: 'UBND_CHAIR',
      power: 'DECIDE',
      subject: {
        kind: 'LEADER',
        categories: ['DEPARTMENT_HEAD', 'DEPARTMENT_DEPUTY', 'UBND_CHAIR', 'UBND_VICE_CHAIR', 'PRINCIPAL', 'VICE_PRINCIPAL'],
        scope: c.code,
        within: 'BELOW',
      },
      compiler: internalAffairs,
      source: '004 §II.6.2.2(2)',
    },
    {
      code: 'HT-TP/group2-internal-affairs',
      delegator: c.btv,
      delegate: c.ubnd,
      delegateOffice: 'UBND_CHAIR',
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: ['INTERNAL_AFFAIRS_HEAD'], scope: c.code, within: 'SELF' },
      compiler: internalAffairs,
      source: '004 §II.6.2.2(2)',
    },
    {
      code: 'HT-TP/group3-hdnd',
      delegator: c.btv,
      delegate: c.tthdnd,
      delegateOffice: 'HDND_VICE_CHAIR',
      power: 'DECIDE',
      subject: {
        kind: 'LEADERSHIP_COLLECTIVE',
        categories: ['PEOPLES_COUNCIL_COMMITTEE', 'PEOPLES_COUNCIL_STANDING'],
        scope: c.code,
        within: 'BELOW',
      },
      ...collectiveOpinions,
      source: '004 §II.6.2.2(3); 004 §II.4.2 step 2',
      note: 'Phó Chủ tịch HĐND cùng Thường trực HĐND thành phố.',
    },
    {
      code: 'HT-TP/group3-hdnd-committees',
      delegator: c.btv,
      delegate: c.tthdnd,
      delegateOffice: 'HDND_VICE_CHAIR',
      power: 'DECIDE',
      subject: { kind: 'LEADERSHIP_COLLECTIVE', categories: ['PEOPLES_COUNCIL_COMMITTEE'], scope: c.code, within: 'SELF' },
      ...collectiveOpinions,
      source: '004 §II.6.2.2(3); 004 §II.4.2 step 2',
    },
    {
      code: 'HT-TP/group3-leaders',
      delegator: c.btv,
      delegate: c.tthdnd,
      delegateOffice: 'HDND_VICE_CHAIR',
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: ['HDND_COMMITTEE_HEAD', 'HDND_COMMITTEE_DEPUTY'], scope: c.code, within: 'SELF' },
      compiler: btc,
      source: '004 §II.6.2.2(3)',
    },
    {
      code: 'HT-TP/group3-commune-hdnd',
      delegator: c.btv,
      delegate: c.tthdnd,
      delegateOffice: 'HDND_VICE_CHAIR',
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: ['HDND_CHAIR', 'HDND_VICE_CHAIR'], scope: c.code, within: 'BELOW' },
      compiler: btc,
      source: '004 §II.6.2.2(3)',
    },
  ];
  for (const w of wards) {
    rows.push(...group4(c.btv, w, btc, '004 §II.6.2.2(4)'), ...branchesAndMembers(w, { branches: '004 §II.6.1', members: '004 §II.4.3' }));
  }
  return withCycle(cycle, rows);
}

/** Seed 003 §II.5, §III.2: the district matrix with its mandatory consultations. */
function districtMatrix(
  cycle: string,
  d: Territory,
  btc: string,
  communes: Territory[],
  provinceHdndDelegation: string,
  provinceUbndCaucus: string,
): DelegationRecord[] {
  const rows: Row[] = [
    {
      code: 'HT-CL/party-orgs',
      delegate: d.btv,
      power: 'DECIDE',
      subject: { kind: 'PARTY_ORGANIZATION', scope: d.code, within: 'CHILDREN' },
      compiler: btc,
      source: '003 §II.5.1',
    },
    {
      code: 'HT-CL/collectives',
      delegate: d.btv,
      power: 'DECIDE',
      subject: {
        kind: 'LEADERSHIP_COLLECTIVE',
        categories: [
          'PARTY_STANDING_COMMITTEE',
          'PEOPLES_COUNCIL_STANDING',
          'PEOPLES_COMMITTEE_LEADERSHIP',
          'FRONT_STANDING',
          'SOCIO_POLITICAL_STANDING',
          'ADVISORY_LEADERSHIP',
        ],
        scope: d.code,
        within: 'SELF',
      },
      compiler: btc,
      source: '003 §II.5.1',
    },
    {
      code: 'HT-CL/grassroots-standing',
      delegate: d.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADERSHIP_COLLECTIVE', categories: ['PARTY_STANDING_COMMITTEE'], scope: d.code, within: 'CHILDREN' },
      compiler: btc,
      source: '003 §II.5.1',
    },
    // "Cadres on the list of the district standing committee" (003 §II.5.2): the list says who, the
    // rows say which body gives its written opinion first (003 §III.2).
    {
      code: 'HT-CL/listed-district-cadres',
      delegate: d.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADER', scope: d.code, within: 'SELF', listedBy: d.btv },
      consult: [btc],
      compiler: btc,
      source: '003 §II.5.2; 003 §III.2',
    },
    {
      code: 'HT-CL/listed-commune-hdnd',
      delegate: d.btv,
      power: 'DECIDE',
      subject: {
        kind: 'LEADER',
        categories: ['HDND_CHAIR', 'HDND_VICE_CHAIR'],
        scope: d.code,
        within: 'CHILDREN',
        listedBy: d.btv,
        except: { seats: ['STANDING'] },
      },
      consult: [d.tthdnd],
      compiler: btc,
      source: '003 §II.5.2; 003 §III.2',
      note: 'Opinion of the district HĐND standing body first.',
    },
    {
      code: 'HT-CL/listed-commune-ubnd',
      delegate: d.btv,
      power: 'DECIDE',
      subject: {
        kind: 'LEADER',
        categories: ['UBND_CHAIR', 'UBND_VICE_CHAIR'],
        scope: d.code,
        within: 'CHILDREN',
        listedBy: d.btv,
        except: { seats: ['STANDING'] },
      },
      consult: [d.ubnd],
      compiler: btc,
      source: '003 §II.5.2; 003 §III.2',
      note: 'Opinion of the district UBND first.',
    },
    {
      code: 'HT-CL/listed-commune-party',
      delegate: d.btv,
      power: 'DECIDE',
      subject: {
        kind: 'LEADER',
        categories: ['SECRETARY', 'STANDING_DEPUTY_SECRETARY'],
        scope: d.code,
        within: 'CHILDREN',
        listedBy: d.btv,
        except: { seats: ['STANDING'] },
      },
      consult: [btc],
      compiler: btc,
      source: '003 §II.5.2; 003 §III.2',
      note: 'Opinion of the Organization Commission first.',
    },
    {
      code: 'HT-CL/listed-commune-standing-members',
      delegate: d.btv,
      power: 'DECIDE',
      subject: {
        kind: 'LEADER',
        categories: ['HDND_CHAIR', 'HDND_VICE_CHAIR', 'UBND_CHAIR', 'UBND_VICE_CHAIR', 'SECRETARY', 'STANDING_DEPUTY_SECRETARY'],
        scope: d.code,
        within: 'CHILDREN',
        listedBy: d.btv,
        seats: ['STANDING'],
      },
      compiler: btc,
      source: '003 §III.2',
      note: 'Trừ các đồng chí là UVTV Huyện ủy: no written opinion first.',
    },
    {
      code: 'HT-CL/commune-hdnd-standing',
      delegator: d.btv,
      delegate: d.tthdnd,
      power: 'DECIDE',
      subject: { kind: 'LEADERSHIP_COLLECTIVE', categories: ['PEOPLES_COUNCIL_STANDING'], scope: d.code, within: 'BELOW' },
      compiler: btc,
      source: '003 §II.5.1',
    },
    {
      code: 'HT-CL/commune-ubnd-leadership',
      delegator: d.btv,
      delegate: d.ubnd,
      power: 'DECIDE',
      subject: { kind: 'LEADERSHIP_COLLECTIVE', categories: ['PEOPLES_COMMITTEE_LEADERSHIP'], scope: d.code, within: 'BELOW' },
      compiler: btc,
      source: '003 §II.5.1',
    },
    {
      code: 'HT-CL/province-delegated-deputy-secretary',
      delegator: 'HT-BTV',
      delegate: d.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: ['STANDING_DEPUTY_SECRETARY'], scope: d.code, within: 'SELF' },
      compiler: btc,
      source: '003 §II.5.2',
    },
    {
      code: 'HT-CL/province-delegated-hdnd-chair',
      delegator: 'HT-BTV',
      delegate: d.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: ['HDND_CHAIR'], scope: d.code, within: 'SELF' },
      consult: [provinceHdndDelegation],
      compiler: btc,
      source: '003 §II.5.2',
      note: 'After the opinion of the provincial HĐND party delegation.',
    },
    {
      code: 'HT-CL/province-delegated-ubnd-chair',
      delegator: 'HT-BTV',
      delegate: d.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: ['UBND_CHAIR'], scope: d.code, within: 'SELF' },
      consult: [provinceUbndCaucus],
      compiler: btc,
      source: '003 §II.5.2',
      note: 'After the opinion of the provincial UBND party caucus.',
    },
  ];
  for (const c of communes) {
    rows.push(
      ...group4(d.btv, c, btc, '003 §II.5.1; 004 §II.6.2.2(4)'),
      ...branchesAndMembers(c, { branches: '003 §II.5.1', members: '003 §II.5.1' }),
    );
  }
  return withCycle(cycle, rows);
}

/**
 * The district standing committee's management list (003 §II.5.2, "diện Ban Thường vụ Huyện ủy quản
 * lý"): its own leaders and the key titles of its communes, from the bodies 003 §III.2 consults on them.
 */
function districtList(cycle: string, d: Territory): ManagementListRecord[] {
  const entries: Omit<ManagementListRecord, 'cycle' | 'body'>[] = [
    {
      code: 'district-leaders',
      source: '003 §II.5.2',
      subject: {
        kind: 'LEADER',
        scope: d.code,
        within: 'SELF',
        categories: LEADERS_BELOW_THE_CHAIRS,
      },
    },
    {
      code: 'commune-key-titles',
      source: '003 §II.5.2; 003 §III.2',
      subject: {
        kind: 'LEADER',
        scope: d.code,
        within: 'CHILDREN',
        categories: ['SECRETARY', 'STANDING_DEPUTY_SECRETARY', 'HDND_CHAIR', 'HDND_VICE_CHAIR', 'UBND_CHAIR', 'UBND_VICE_CHAIR'],
      },
    },
  ];
  return entries.map((e) => ({ ...e, code: `${cycle}/${d.btv}/${e.code}`, cycle, body: d.btv }));
}
