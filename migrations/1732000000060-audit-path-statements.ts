import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_EVENT_PATH } from './1732000000026-deadlines-met';

/**
 * Migration 0026's cases (one `WHEN 'entity' THEN (SELECT path FROM … )` per kind) as PL/pgSQL statements, each reading
 * its entity's path into the new row.
 */
const pathStatements = (expression: string) => {
  const cases = [...expression.matchAll(/WHEN '(\w+)' THEN \(SELECT ([^()]+?) FROM ([^()]+)\)/g)];
  if (cases.length !== 7) throw new Error(`expected the seven kinds of entity of migration 0026, found ${cases.length}`);
  return `CASE NEW.entity
    ${cases.map(([, entity, path, rest]) => `WHEN '${entity}' THEN SELECT ${path} INTO NEW.unit_path FROM ${rest};`).join('\n    ')}
    ELSE NULL;
    END CASE`;
};

/**
 * An audit event's path read by one statement per kind of entity. Migration 0026's trigger computed it as one expression
 * whose CASE held the seven kinds' subqueries: PostgreSQL planned it again at every insert (the plan of the one kind
 * given is cheaper than the generic plan of all seven), and initialized it — 67–84 µs an insert of a rating's event
 * against 40 µs with a statement per kind, planned once per connection (3,000 inserts, the national database). Every
 * mutation writes an event; a decision's perf profile showed that planning as 3.7 % of PostgreSQL's time.
 */
export class AuditPathStatements1732000000060 implements MigrationInterface {
  name = 'AuditPathStatements1732000000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION unit_path_of_audit_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        IF NEW.unit_path IS NULL THEN
          ${pathStatements(AUDIT_EVENT_PATH)};
          NEW.unit_path := COALESCE(NEW.unit_path, '/');
        END IF;
        RETURN NEW;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION unit_path_of_audit_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN NEW.unit_path := COALESCE(NEW.unit_path, ${AUDIT_EVENT_PATH}, '/'); RETURN NEW; END $$`);
  }
}
