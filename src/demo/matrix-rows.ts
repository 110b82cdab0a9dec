import { DelegationRecord } from '../dataset/format';
import { Territory } from './territory';

/** A delegation row before its cycle is known: the code is relative, the cycle prefixes it. */
export type Row = Omit<DelegationRecord, 'cycle' | 'code'> & { code: string };
export const withCycle = (cycle: string, rows: Row[]): DelegationRecord[] => rows.map((r) => ({ ...r, code: `${cycle}/${r.code}`, cycle }));

/** The leaders a standing committee rates below the chairs of the councils and committees (004 §II.6.2.2; 43-HD/BTCTW §3). */
export const LEADERS_BELOW_THE_CHAIRS = [
  'HDND_VICE_CHAIR',
  'UBND_VICE_CHAIR',
  'COMMISSION_HEAD',
  'COMMISSION_DEPUTY',
  'UBKT_CHAIR',
  'UBKT_DEPUTY',
  'OFFICE_CHIEF',
  'OFFICE_DEPUTY',
  'POLITICAL_CENTRE_DIRECTOR',
  'POLITICAL_CENTRE_DEPUTY',
  'FRONT_CHAIR',
  'FRONT_VICE_CHAIR',
  'SOCIO_POLITICAL_HEAD',
  'SOCIO_POLITICAL_DEPUTY',
];

/** A grassroots committee decides its branches and the members of its whole subtree. */
export function branchesAndMembers(t: Territory, sources: { branches: string; members: string }): Row[] {
  return [
    {
      code: `${t.code}/branches`,
      delegate: t.org,
      power: 'DECIDE',
      subject: { kind: 'PARTY_ORGANIZATION', scope: t.code, within: 'BELOW' },
      source: sources.branches,
    },
    {
      code: `${t.code}/members`,
      delegate: t.org,
      power: 'DECIDE',
      subject: { kind: 'PARTY_MEMBER', scope: t.code, within: 'SUBTREE' },
      source: sources.members,
    },
  ];
}

/**
 * What a level's standing committee delegates to a commune or ward party committee (004 §II.6.2.2(4)):
 * its branch committees, Front and socio-political standing bodies, and their leaders.
 */
export function group4(delegator: string, t: Territory, btc: string, source: string): Row[] {
  return [
    {
      code: `${t.code}/group4-collectives`,
      delegator,
      delegate: t.org,
      power: 'DECIDE',
      subject: {
        kind: 'LEADERSHIP_COLLECTIVE',
        categories: ['BRANCH_COMMITTEE', 'FRONT_STANDING', 'SOCIO_POLITICAL_STANDING'],
        scope: t.code,
        within: 'SUBTREE',
      },
      compiler: btc,
      source,
    },
    {
      code: `${t.code}/group4-leaders`,
      delegator,
      delegate: t.org,
      power: 'DECIDE',
      subject: {
        kind: 'LEADER',
        categories: [
          'FRONT_CHAIR',
          'FRONT_VICE_CHAIR',
          'SOCIO_POLITICAL_HEAD',
          'SOCIO_POLITICAL_DEPUTY',
          'BRANCH_SECRETARY',
          'BRANCH_DEPUTY_SECRETARY',
        ],
        scope: t.code,
        within: 'SUBTREE',
      },
      compiler: btc,
      source,
    },
  ];
}

/** The clauses of the rows for branches directly under a level: who rates their leaders, their committees, their members. */
export interface DirectBranchSources {
  leaders: string;
  committees: string;
  members: string;
}
const SOURCES_124: DirectBranchSources = { leaders: '004 §II.6.2.1', committees: '003 §II.5.1', members: '004 §II.4.3' };

/**
 * The branches directly under a party committee above the grassroots (chi bộ cơ sở): the level's
 * standing committee rates their committees and secretaries (004 §II.6.2.1 "secretaries of directly
 * subordinate party organizations"; 003 §II.5.1 "chi ủy cơ sở"; 43-HD/BTCTW §3 "grassroots branch —
 * the next-level standing committee"); each branch, being grassroots, decides on its own members (004 §II.4.3).
 */
export function directBranchRows(
  cycle: string,
  level: { code: string; btv: string },
  branches: { code: string; org: string }[],
  sources = SOURCES_124,
): DelegationRecord[] {
  if (branches.length === 0) return [];
  return withCycle(cycle, [
    {
      code: `${level.code}/direct-branch-leaders`,
      delegate: level.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: ['BRANCH_SECRETARY', 'BRANCH_DEPUTY_SECRETARY'], scope: level.code, within: 'CHILDREN' },
      source: sources.leaders,
    },
    {
      code: `${level.code}/direct-branch-committees`,
      delegate: level.btv,
      power: 'DECIDE',
      subject: { kind: 'LEADERSHIP_COLLECTIVE', categories: ['BRANCH_COMMITTEE'], scope: level.code, within: 'CHILDREN' },
      source: sources.committees,
    },
    ...branches.map((x): Row => ({
      code: `${x.code}/members`,
      delegate: x.org,
      power: 'DECIDE',
      subject: { kind: 'PARTY_MEMBER', scope: x.code, within: 'SELF' },
      source: sources.members,
    })),
  ]);
}
