import {
  BodyRecord,
  CollectiveRecord,
  CycleRecord,
  DatasetFile,
  DelegationRecord,
  ManagementListRecord,
  MembershipRecord,
  PersonRecord,
  PostRecord,
  RuleParametersRecord,
  SeatRecord,
  UnitRecord,
} from '../dataset/format';
import { SeededRandom } from './random';
import { vietnameseName } from './vietnamese-names';

export interface LeaderSpec {
  code: string;
  title: string;
  category: string;
  role: 'HEAD' | 'DEPUTY' | 'MEMBER';
  unit: string;
  body?: string;
  collective?: string;
  managedBy?: string;
  civilServant?: boolean;
}

/** Accumulates the records of a dataset file while the demo's shape is described. */
export class DatasetBuilder {
  readonly units: UnitRecord[] = [];
  readonly bodies: BodyRecord[] = [];
  readonly collectives: CollectiveRecord[] = [];
  readonly people: PersonRecord[] = [];
  readonly memberships: MembershipRecord[] = [];
  readonly posts: PostRecord[] = [];
  readonly seats: SeatRecord[] = [];
  readonly cycles: CycleRecord[] = [];
  readonly managementLists: ManagementListRecord[] = [];
  readonly delegations: DelegationRecord[] = [];
  readonly ruleParameters: RuleParametersRecord[] = [];
  private personSeq = 0;
  /** Each branch's party-organization body, by the branch's unit code. */
  private readonly branchOrgs = new Map<string, string>();

  constructor(
    readonly rng: SeededRandom,
    private readonly asOf: string,
  ) {}

  unit(code: string, name: string, kind: string, parent?: string, foundedOn?: string): string {
    this.units.push({ code, name, kind, parent, foundedOn });
    return code;
  }

  body(code: string, name: string, kind: string, unit: string, parent?: string): string {
    this.bodies.push({ code, name, kind, unit, parent });
    return code;
  }

  collective(code: string, name: string, kind: string, body: string): string {
    this.collectives.push({ code, name, kind, body });
    return code;
  }

  /** A new person with a party membership in `branch`. */
  member(branch: string, options: { status?: string; admittedOn?: string; code?: string; systemRoles?: string[] } = {}): string {
    this.personSeq += 1;
    const code = options.code ?? `DV${String(this.personSeq).padStart(6, '0')}`;
    const { fullName, gender } = vietnameseName(this.rng);
    this.people.push({ code, fullName, gender, birthDate: this.rng.date(1958, '2001-12-31'), systemRoles: options.systemRoles });
    const admittedOn = options.admittedOn ?? this.rng.date(1980, '2023-05-31');
    const status = options.status ?? 'OFFICIAL';
    this.memberships.push({
      person: code,
      branch,
      admittedOn,
      status,
      officialOn: status === 'PROBATIONARY' ? undefined : addMonths(admittedOn, 12),
      statusSince: status === 'EXEMPTED' || status === 'SUSPENDED' ? this.rng.date(2022, this.asOf) : undefined,
    });
    return code;
  }

  /** The members of a branch work outside the political system (a residential branch's retirees and others: Mẫu 2C under 366-QĐ/TW). */
  outsidePoliticalSystem(branch: string): void {
    for (const m of this.memberships) if (m.branch === branch) m.outsidePoliticalSystem = true;
  }

  post(person: string, spec: LeaderSpec, options: { startsOn?: string; concurrent?: boolean } = {}): void {
    this.posts.push({
      code: spec.code,
      person,
      unit: spec.unit,
      body: spec.body,
      collective: spec.collective,
      title: spec.title,
      category: spec.category,
      role: spec.role,
      startsOn: options.startsOn ?? this.rng.date(2016, '2022-06-30'),
      concurrent: options.concurrent ?? false,
      civilServant: spec.civilServant ?? true,
      managedBy: spec.managedBy,
    });
  }

  /**
   * The seats of a level's executive committee (every holder of a post at the level) and of its
   * standing committee (the secretaries and the heads of the council, government, Front and
   * inspection commission): the members who vote there (001 §V).
   */
  committeeSeats(unit: string, executive: string, standing: string, alsoElected: string[] = []): void {
    const here = this.posts.filter((p) => p.unit === unit);
    const persons = (posts: PostRecord[]) => [...new Set(posts.map((p) => p.person))];
    const provenance = "demo: the level's post holders";
    // The executive committee: the level's heads and standing members, its council and government vice-chairs, and whoever else the congress elected.
    const elected = here.filter(
      (p) =>
        p.role === 'HEAD' ||
        STANDING_CATEGORIES.includes(p.category) ||
        EXECUTIVE_CATEGORIES.includes(p.category) ||
        alsoElected.includes(p.code),
    );
    for (const person of persons(elected)) this.seats.push({ body: executive, person, startsOn: '2020-10-01', source: provenance });
    for (const person of persons(here.filter((p) => STANDING_CATEGORIES.includes(p.category))))
      this.seats.push({ body: standing, person, startsOn: '2020-10-01', source: provenance });
  }

  /** A new member of `branch` who holds the post described by `spec`; the demo gives them the post's code as person code. */
  leader(branch: string, spec: LeaderSpec, startsOn?: string): string {
    const person = this.member(branch, { code: spec.code });
    this.post(person, spec, { startsOn });
    return person;
  }

  /**
   * The branches directly under a province, city or district party committee (chi bộ cơ sở): each
   * decides on its own members (004 §II.4.3), and the level above rates its secretary and committee.
   */
  grassrootsBranches(): { code: string; parent: string; org: string }[] {
    const kinds = new Map(this.units.map((u) => [u.code, u.kind]));
    return this.units
      .filter((u) => u.kind === 'PARTY_BRANCH' && ['PROVINCE', 'CITY', 'DISTRICT'].includes(kinds.get(u.parent ?? '') ?? ''))
      .map((u) => ({ code: u.code, parent: u.parent as string, org: this.branchOrgs.get(u.code) as string }));
  }

  /** A branch (or a grassroots branch holding its members, GRASSROOTS_PARTY_ORG) with its own party-organization body, a branch committee from 9 members, and its members. */
  branch(
    code: string,
    name: string,
    parent: string,
    size: number,
    managedBy: string,
    kind: 'PARTY_BRANCH' | 'GRASSROOTS_PARTY_ORG' = 'PARTY_BRANCH',
  ): string {
    this.unit(code, name, kind, parent);
    const org = this.body(`${code}-CB`, name, 'PARTY_ORGANIZATION', code);
    this.branchOrgs.set(code, org);
    const withCommittee = size >= 9;
    const committee = withCommittee
      ? this.collective(
          `${code}-CU`,
          `Chi ủy ${name}`,
          'BRANCH_COMMITTEE',
          this.body(`${code}-CUB`, `Chi ủy ${name}`, 'BRANCH_COMMITTEE', code, org),
        )
      : undefined;
    this.leader(code, {
      code: `${code}-BT`,
      title: `Bí thư ${name}`,
      category: 'BRANCH_SECRETARY',
      role: 'HEAD',
      unit: code,
      body: org,
      collective: committee,
      managedBy,
      civilServant: false,
    });
    let made = 1;
    if (withCommittee) {
      this.leader(code, {
        code: `${code}-PBT`,
        title: `Phó Bí thư ${name}`,
        category: 'BRANCH_DEPUTY_SECRETARY',
        role: 'DEPUTY',
        unit: code,
        body: org,
        collective: committee,
        managedBy,
        civilServant: false,
      });
      made += 1;
    }
    for (; made < size; made++) {
      const roll = this.rng.next();
      if (roll < 0.03) this.member(code, { status: 'EXEMPTED' });
      else if (roll < 0.04) this.member(code, { status: 'SUSPENDED' });
      else if (roll < 0.08) this.member(code, { status: 'PROBATIONARY', admittedOn: this.rng.date(2023, '2024-11-30') });
      else this.member(code);
    }
    return code;
  }

  build(): DatasetFile {
    return {
      version: 1,
      units: this.units,
      bodies: this.bodies,
      collectives: this.collectives,
      people: this.people,
      memberships: this.memberships,
      posts: this.posts,
      seats: this.seats,
      cycles: this.cycles,
      managementLists: this.managementLists,
      delegations: this.delegations,
      ruleParameters: this.ruleParameters,
    };
  }
}

const STANDING_CATEGORIES = ['SECRETARY', 'STANDING_DEPUTY_SECRETARY', 'HDND_CHAIR', 'UBND_CHAIR', 'FRONT_CHAIR', 'UBKT_CHAIR'];
const EXECUTIVE_CATEGORIES = ['DEPUTY_SECRETARY', 'HDND_VICE_CHAIR', 'UBND_VICE_CHAIR'];

export function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
