import { EntityManager } from 'typeorm';
import { SqlParams } from '../db/sql-params';
import { CYCLE_COLUMNS, CycleType, DELEGATION_COLUMNS, DelegationType } from '../schema/cycle-types';
import { ConnectionShape, PageArgs, keysetPage } from '../schema/pagination';
import { PreparedStatement } from '../db/prepared-statement';

/* Cycles and their delegation matrices: rules every caller may read (no person's rows). */

const toCycle = (r: object) => Object.assign(new CycleType(), r);

/** All cycles, newest first. */
export async function allCycles(em: EntityManager): Promise<CycleType[]> {
  return (await em.query<object[]>(`SELECT ${CYCLE_COLUMNS('c')} FROM cycle c ORDER BY c.starts_on DESC, c.code`)).map(toCycle);
}

const CYCLE_BY_CODE = new PreparedStatement(`SELECT ${CYCLE_COLUMNS('c')} FROM cycle c WHERE c.code = $1`);
const CYCLE_PARTS = new PreparedStatement(`SELECT ${CYCLE_COLUMNS('c')} FROM cycle c WHERE c.part_of_id = $1 ORDER BY c.starts_on, c.code`);

export async function cycleByCode(em: EntityManager, code: string): Promise<CycleType | null> {
  const [row] = await CYCLE_BY_CODE.run<object>(em, [code]);
  return row ? toCycle(row) : null;
}

/** The cycles that are part of one (a year's quarters, a term's years), earliest first. */
export async function cycleParts(em: EntityManager, cycleId: string): Promise<CycleType[]> {
  return (await CYCLE_PARTS.run<object>(em, [cycleId])).map(toCycle);
}

/** A cycle's delegation matrix, by code. */
export function delegationsPage(em: EntityManager, cycleId: string, page: PageArgs): Promise<ConnectionShape<DelegationType>> {
  const p = new SqlParams();
  return keysetPage(em, page, {
    select: DELEGATION_COLUMNS('d'),
    from: 'delegation d',
    where: [`d.cycle_id = ${p.add(cycleId)}`],
    params: p,
    sortKey: 'd.code COLLATE "C"',
    idKey: 'd.id',
    map: (r) => Object.assign(new DelegationType(), r),
  });
}
