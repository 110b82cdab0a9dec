import { EntityManager } from 'typeorm';
import { Named, unitOrBodyByIdOrCode } from '../data/units';
import { ReorganizationRecord } from '../dataset/format';
import { MergedQuotaScope } from './merged-quota-scopes';
import { Refusal } from './refusal';
import { ReorganizationDecision, dissolveUnit, invalid, renameUnit, transferUnit } from './reorganization';
import { mergeUnits } from './unit-merger';
import { splitUnit } from './unit-split';

/** What an operation answers: the units it leaves standing or founds (the one it changed first), and a merger's joined quota scopes. */
export interface Reorganized {
  ids: string[];
  quotaScopes: MergedQuotaScope[];
}

/** A unit named by code in a record; an unknown code is refused with the others of the operation's kind. */
async function named(em: EntityManager, code: string, field: string): Promise<Named> {
  const unit = (await unitOrBodyByIdOrCode(em, 'Unit', null, code)) as Named | null;
  if (!unit)
    throw new Refusal([invalid([field], 'reorganization.unknown-unit', `no unit ${code}`, `không có đơn vị ${code}`, { unit: code })]);
  return unit;
}

/**
 * One operation written as a dataset record (docs/dataset-format.md, `reorganizations`), through the rules of each:
 * the API's mutations, a file's records and the operations scheduled ahead all go this way.
 */
export async function applyRecord(em: EntityManager, x: ReorganizationRecord, r: ReorganizationDecision): Promise<Reorganized> {
  if (x.operation === 'MERGE') {
    const merged = await mergeUnits(em, { ...r, units: x.units ?? [], into: x.into ?? null, newUnit: x.newUnit ?? null });
    return { ids: [merged.unit.id], quotaScopes: merged.quotaScopes };
  }
  const unit = await named(em, x.unit ?? '', 'unit');
  if (x.operation === 'SPLIT') {
    const parts = await splitUnit(em, { ...r, unit, parts: x.parts ?? [], assign: x.assign ?? [] });
    return { ids: parts.map((p) => p.id), quotaScopes: [] };
  }
  if (x.operation === 'TRANSFER') await transferUnit(em, { ...r, unit, newParent: await named(em, x.newParent ?? unit.code, 'newParent') });
  else if (x.operation === 'RENAME') await renameUnit(em, { ...r, unit, name: x.name ?? '' });
  else await dissolveUnit(em, { ...r, unit });
  return { ids: [unit.id], quotaScopes: [] };
}
