import 'reflect-metadata';
import { Client } from 'pg';
import { columnsOf, tableOf } from '../../src/db/columns';
import { entities } from '../../src/entities';

/**
 * The entities are the one place a table's columns and types are named (select lists, row types and the
 * import's column lists are read from them); the migrations build the tables. This holds them together:
 * every table has an entity, and every entity names exactly its table's columns, types and nullability.
 */
let db: Client;
beforeAll(async () => {
  db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await db.connect();
});
afterAll(async () => {
  await db.end();
});

/** The type names information_schema gives for the types the entities write. */
const UDT: Record<string, string> = {
  bigint: 'int8',
  int: 'int4',
  smallint: 'int2',
  text: 'text',
  date: 'date',
  timestamptz: 'timestamptz',
  bool: 'bool',
  boolean: 'bool',
  jsonb: 'jsonb',
  numeric: 'numeric',
};

interface DbColumn {
  table: string;
  column: string;
  udt: string;
  nullable: boolean;
}

async function migratedColumns(): Promise<DbColumn[]> {
  const { rows } = await db.query<DbColumn>(
    `SELECT c.table_name AS table, c.column_name AS column, c.udt_name AS udt, c.is_nullable = 'YES' AS nullable
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'migrations'
      ORDER BY c.table_name, c.column_name`,
  );
  return rows;
}

describe('entities and migrations', () => {
  it('every table the migrations build has an entity', async () => {
    const tables = [...new Set((await migratedColumns()).map((c) => c.table))].sort();
    expect(entities.map((e) => tableOf(e)).sort()).toEqual(tables);
  });

  it.each(entities.map((e) => [tableOf(e), e] as const))(
    '%s: the entity names every column with its type and nullability',
    async (table, entity) => {
      const migrated = (await migratedColumns())
        .filter((c) => c.table === table)
        .map(({ column, udt, nullable }) => ({ column, udt, nullable }));
      const declared = columnsOf(entity)
        .map((c) => ({ column: c.column, udt: `${c.array ? '_' : ''}${UDT[c.type] ?? c.type}`, nullable: c.nullable }))
        .sort((a, b) => a.column.localeCompare(b.column));
      expect(declared).toEqual(migrated);
    },
  );
});
