import { DatasetBuilder } from './dataset-builder';

export interface Territory {
  code: string;
  /** Body codes at this unit, by role. */
  org: string;
  bch: string;
  btv: string;
  hdnd: string;
  tthdnd: string;
  ubnd: string;
  mttq: string;
  /** Collective codes. */
  btvCollective: string;
  hdndStanding: string;
  ubndLeadership: string;
  frontStanding: string;
  /** The branch where this unit's own leaders are members. */
  officeBranch: string;
  /** The socio-political organizations at this unit (youth union, women's union, farmers' association, veterans' association). */
  socioPolitical: string[];
}

const SOCIO_POLITICAL = [
  ['DTN', 'Đoàn Thanh niên Cộng sản Hồ Chí Minh', 'Bí thư Đoàn', 'Phó Bí thư Đoàn'],
  ['HPN', 'Hội Liên hiệp Phụ nữ', 'Chủ tịch Hội Liên hiệp Phụ nữ', 'Phó Chủ tịch Hội Liên hiệp Phụ nữ'],
  ['HND', 'Hội Nông dân', 'Chủ tịch Hội Nông dân', 'Phó Chủ tịch Hội Nông dân'],
  ['HCCB', 'Hội Cựu chiến binh', 'Chủ tịch Hội Cựu chiến binh', 'Phó Chủ tịch Hội Cựu chiến binh'],
] as const;

/**
 * A territorial unit (province, city, district, commune, ward) with the bodies found at every
 * level (DOMAIN §2), their leadership collectives and the leaders who hold the posts.
 * `managedBy` is the body on whose cadre list the key leaders stand.
 */
export function territory(
  b: DatasetBuilder,
  code: string,
  name: string,
  kind: string,
  parent: string | undefined,
  shortName: string,
  managedBy: { key: string; others: string },
): Territory {
  b.unit(code, name, kind, parent);
  const partyName = `Đảng bộ ${name}`;
  const org = b.body(`${code}-DB`, partyName, 'PARTY_ORGANIZATION', code);
  const bch = b.body(`${code}-BCH`, `Ban Chấp hành ${partyName}`, 'PARTY_EXECUTIVE_COMMITTEE', code, org);
  const btv = b.body(`${code}-BTV`, `Ban Thường vụ ${shortName}`, 'PARTY_STANDING_COMMITTEE', code, bch);
  const btvCollective = b.collective(`${code}-BTV-TT`, `Tập thể Ban Thường vụ ${shortName}`, 'PARTY_STANDING_COMMITTEE', btv);
  const hdnd = b.body(`${code}-HDND`, `Hội đồng nhân dân ${name}`, 'PEOPLES_COUNCIL', code);
  const tthdnd = b.body(`${code}-TTHDND`, `Thường trực HĐND ${name}`, 'PEOPLES_COUNCIL_STANDING', code, hdnd);
  const hdndStanding = b.collective(`${code}-TTHDND-TT`, `Tập thể Thường trực HĐND ${name}`, 'PEOPLES_COUNCIL_STANDING', tthdnd);
  const ubnd = b.body(`${code}-UBND`, `Ủy ban nhân dân ${name}`, 'PEOPLES_COMMITTEE', code);
  const ubndLeadership = b.collective(`${code}-UBND-LD`, `Tập thể lãnh đạo UBND ${name}`, 'PEOPLES_COMMITTEE_LEADERSHIP', ubnd);
  const mttq = b.body(`${code}-MTTQ`, `Ủy ban Mặt trận Tổ quốc Việt Nam ${name}`, 'FATHERLAND_FRONT', code);
  const frontStanding = b.collective(`${code}-MTTQ-TT`, `Ban Thường trực UBMTTQ ${name}`, 'FRONT_STANDING', mttq);

  // Nine members: the office branch has a branch committee (004 §II.6.1: the level above rates it).
  const officeBranch = b.branch(`${code}-CBCQ`, `Chi bộ Cơ quan ${shortName}`, code, 9, org);
  const L = (
    suffix: string,
    title: string,
    category: string,
    role: 'HEAD' | 'DEPUTY' | 'MEMBER',
    body: string,
    collective?: string,
    key = false,
  ) =>
    b.leader(officeBranch, {
      code: `${code}-${suffix}`,
      title: `${title} ${name}`,
      category,
      role,
      unit: code,
      body,
      collective,
      managedBy: key ? managedBy.key : managedBy.others,
    });

  const secretary = L('BT', `Bí thư ${kind === 'PROVINCE' ? 'Tỉnh ủy' : 'Đảng ủy'}`, 'SECRETARY', 'HEAD', org, btvCollective, true);
  L('PBTTT', 'Phó Bí thư Thường trực', 'STANDING_DEPUTY_SECRETARY', 'DEPUTY', org, btvCollective, true);
  const chair = {
    code: `${code}-CTHDND`,
    title: `Chủ tịch HĐND ${name}`,
    category: 'HDND_CHAIR',
    role: 'HEAD' as const,
    unit: code,
    body: tthdnd,
    collective: hdndStanding,
    managedBy: managedBy.key,
  };
  // In communes and wards the secretary also chairs the People's Council: a concurrent post, rated
  // once at the highest (004 §II.7.5–7.7). Higher up the council has a chair of its own.
  if (['COMMUNE', 'WARD', 'TOWNSHIP'].includes(kind)) b.post(secretary, chair, { concurrent: true });
  else b.leader(officeBranch, chair);
  L('PCTHDND', 'Phó Chủ tịch HĐND', 'HDND_VICE_CHAIR', 'DEPUTY', tthdnd, hdndStanding);
  L('CTUBND', 'Chủ tịch UBND', 'UBND_CHAIR', 'HEAD', ubnd, ubndLeadership, true);
  L('PCTUBND1', 'Phó Chủ tịch UBND', 'UBND_VICE_CHAIR', 'DEPUTY', ubnd, ubndLeadership);
  L('PCTUBND2', 'Phó Chủ tịch UBND', 'UBND_VICE_CHAIR', 'DEPUTY', ubnd, ubndLeadership);
  L('CTMTTQ', 'Chủ tịch UBMTTQ', 'FRONT_CHAIR', 'HEAD', mttq, frontStanding);
  L('PCTMTTQ', 'Phó Chủ tịch UBMTTQ', 'FRONT_VICE_CHAIR', 'DEPUTY', mttq, frontStanding);
  const socioPolitical: string[] = [];
  for (const [suffix, orgName, head, deputy] of SOCIO_POLITICAL) {
    const body = b.body(`${code}-${suffix}`, `${orgName} ${name}`, 'SOCIO_POLITICAL_ORG', code);
    socioPolitical.push(body);
    const standing = b.collective(`${code}-${suffix}-TT`, `Ban Thường vụ ${orgName} ${name}`, 'SOCIO_POLITICAL_STANDING', body);
    b.leader(officeBranch, {
      code: `${code}-${suffix}-CT`,
      title: `${head} ${name}`,
      category: 'SOCIO_POLITICAL_HEAD',
      role: 'HEAD',
      unit: code,
      body,
      collective: standing,
      managedBy: managedBy.others,
    });
    b.leader(officeBranch, {
      code: `${code}-${suffix}-PCT`,
      title: `${deputy} ${name}`,
      category: 'SOCIO_POLITICAL_DEPUTY',
      role: 'DEPUTY',
      unit: code,
      body,
      collective: standing,
      managedBy: managedBy.others,
    });
  }
  return {
    code,
    org,
    bch,
    btv,
    hdnd,
    tthdnd,
    ubnd,
    mttq,
    btvCollective,
    hdndStanding,
    ubndLeadership,
    frontStanding,
    officeBranch,
    socioPolitical,
  };
}

/** The advisory bodies of a province or district-level party committee, each with a head and a deputy. */
export function advisoryBodies(b: DatasetBuilder, t: Territory, shortName: string, managedBy: string): Record<string, string> {
  const specs = [
    [
      'BTC',
      `Ban Tổ chức ${shortName}`,
      'ORGANIZATION_COMMISSION',
      'Trưởng Ban Tổ chức',
      'COMMISSION_HEAD',
      'Phó Trưởng Ban Tổ chức',
      'COMMISSION_DEPUTY',
    ],
    [
      'UBKT',
      `Ủy ban Kiểm tra ${shortName}`,
      'INSPECTION_COMMISSION',
      'Chủ nhiệm Ủy ban Kiểm tra',
      'UBKT_CHAIR',
      'Phó Chủ nhiệm Ủy ban Kiểm tra',
      'UBKT_DEPUTY',
    ],
    [
      'BTG',
      `Ban Tuyên giáo ${shortName}`,
      'PROPAGANDA_COMMISSION',
      'Trưởng Ban Tuyên giáo',
      'COMMISSION_HEAD',
      'Phó Trưởng Ban Tuyên giáo',
      'COMMISSION_DEPUTY',
    ],
    ['VP', `Văn phòng ${shortName}`, 'OFFICE', 'Chánh Văn phòng', 'OFFICE_CHIEF', 'Phó Chánh Văn phòng', 'OFFICE_DEPUTY'],
    [
      'TTCT',
      `Trung tâm Chính trị ${shortName}`,
      'POLITICAL_CENTRE',
      'Giám đốc Trung tâm Chính trị',
      'POLITICAL_CENTRE_DIRECTOR',
      'Phó Giám đốc Trung tâm Chính trị',
      'POLITICAL_CENTRE_DEPUTY',
    ],
  ] as const;
  const out: Record<string, string> = {};
  for (const [suffix, name, kind, head, headCat, deputy, deputyCat] of specs) {
    const body = b.body(`${t.code}-${suffix}`, name, kind, t.code, t.org);
    const lead = b.collective(`${t.code}-${suffix}-LD`, `Tập thể lãnh đạo ${name}`, 'ADVISORY_LEADERSHIP', body);
    b.leader(t.officeBranch, {
      code: `${t.code}-${suffix}-TB`,
      title: `${head} ${shortName}`,
      category: headCat,
      role: 'HEAD',
      unit: t.code,
      body,
      collective: lead,
      managedBy,
    });
    b.leader(t.officeBranch, {
      code: `${t.code}-${suffix}-PB`,
      title: `${deputy} ${shortName}`,
      category: deputyCat,
      role: 'DEPUTY',
      unit: t.code,
      body,
      collective: lead,
      managedBy,
    });
    out[suffix] = body;
  }
  return out;
}

/** A department or public unit under a level: its own unit, leadership body and collective, head and deputy. */
export function agency(
  b: DatasetBuilder,
  parent: Territory,
  suffix: string,
  name: string,
  kind: 'AGENCY' | 'PUBLIC_UNIT',
  head: [string, string],
  deputy: [string, string],
  managedBy: string,
): string {
  const code = `${parent.code}-${suffix}`;
  b.unit(code, name, kind, parent.code);
  const body = b.body(`${code}-LD`, `Lãnh đạo ${name}`, 'AGENCY_LEADERSHIP', code);
  const lead = b.collective(`${code}-LDTT`, `Tập thể lãnh đạo ${name}`, 'AGENCY_LEADERSHIP', body);
  // The branch of an agency stands directly under the level's party committee (chi bộ trực thuộc), not under the agency.
  const branch = b.branch(`${code}-CB`, `Chi bộ ${name}`, parent.code, b.rng.int(6, 18), parent.org);
  b.leader(branch, {
    code: `${code}-TP`,
    title: `${head[0]} ${name}`,
    category: head[1],
    role: 'HEAD',
    unit: code,
    body,
    collective: lead,
    managedBy,
  });
  b.leader(branch, {
    code: `${code}-PTP`,
    title: `${deputy[0]} ${name}`,
    category: deputy[1],
    role: 'DEPUTY',
    unit: code,
    body,
    collective: lead,
    managedBy,
  });
  return code;
}

/** A commune or ward: bodies, leaders and 8–11 branches of 5–60 members. */
export function grassroots(b: DatasetBuilder, code: string, name: string, kind: string, parent: Territory, upperBtv: string): Territory {
  const t = territory(b, code, name, kind, parent.code, `Đảng ủy ${name}`, { key: upperBtv, others: upperBtv });
  const branches = b.rng.int(8, 11);
  for (let i = 1; i <= branches; i++) {
    const label =
      i <= branches - 3 ? `Chi bộ Tổ dân phố ${i}` : ['Chi bộ Công an', 'Chi bộ Quân sự', 'Chi bộ Trường Mầm non'][i - (branches - 2)];
    const branch = b.branch(`${code}-CB${String(i).padStart(2, '0')}`, `${label} ${name}`, code, b.rng.int(5, 60), t.org);
    // A residential group's branch: its members live there, retired or working outside the political system (a demo assumption).
    if (i <= branches - 3) b.outsidePoliticalSystem(branch);
  }
  return t;
}
