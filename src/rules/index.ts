/** The rules engine: pure functions, no I/O. Every result explains itself with findings (rule id, source clause, figures). */
export * from './levels';
export * from './finding';
export * from './quota';
export * from './ballots';
export * from './eligibility';
export * from './order';
export * from './ceiling';
export * from './stages';
export { RULE_PACKS, RULE_PACK_CODES, rulePack } from './packs';
export type { RulePack } from './packs';
export { collectivesRated } from './packs/rule-pack';
export { unmitigated } from './standards-366';
export * from './civil-service';
export * from './process';
export * from './residence-feedback';
export * from './dossier';
export { workingDaysBetween } from './dates';
export * from './deadlines';
