/**
 * How high a post stands, for "rated once, at the highest post" (004 §II.7.7): a post at a higher
 * level of the tree outranks any below; within a level, by category. Lower numbers are higher.
 */
const CATEGORY_RANK: Record<string, number> = {
  SECRETARY: 1,
  STANDING_DEPUTY_SECRETARY: 2,
  DEPUTY_SECRETARY: 2,
  HDND_CHAIR: 3,
  UBND_CHAIR: 3,
  FRONT_CHAIR: 4,
  UBKT_CHAIR: 4,
  COMMISSION_HEAD: 4,
  HDND_VICE_CHAIR: 5,
  UBND_VICE_CHAIR: 5,
  OFFICE_CHIEF: 5,
  POLITICAL_CENTRE_DIRECTOR: 5,
  SOCIO_POLITICAL_HEAD: 5,
  DEPARTMENT_HEAD: 6,
  HDND_COMMITTEE_HEAD: 6,
  PARTY_DELEGATION_SECRETARY: 6,
  PARTY_CAUCUS_SECRETARY: 6,
  PRINCIPAL: 7,
  BRANCH_SECRETARY: 8,
};
const DEFAULT_RANK = 9;

export function postRank(unitDepth: number, category: string): number {
  return unitDepth * 100 + (CATEGORY_RANK[category] ?? DEFAULT_RANK) * 10;
}
