import { types } from 'pg';
import { DataSource } from 'typeorm';
import { Config } from '../config';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';

// DATE columns stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's time zone.
types.setTypeParser(1082, (v) => v);

export interface Database {
  db: DataSource;
  url: string;
  /** Where bulk loads (the generator's COPY) connect: the embedded server over TCP, else `url`. */
  bulkUrl: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is unset, and runs pending migrations. */
export async function connectDatabase(config: Config, log: (line: string) => void = console.log): Promise<Database> {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.embeddedDataDir, config.embeddedPort, log);
  const url = config.databaseUrl ?? embedded!.url;
  const db = createDataSource(url);
  await db.initialize();
  const ran = await db.runMigrations({ transaction: 'all' });
  if (ran.length) log(`migrations applied: ${ran.map((m) => m.name).join(', ')}`);
  return {
    db,
    url,
    bulkUrl: embedded?.bulkUrl ?? url,
    embedded: Boolean(embedded),
    close: async () => {
      // The pool may be closed already (the benchmark closes it early and keeps the embedded server running).
      if (db.isInitialized) await db.destroy();
      await embedded?.stop();
    },
  };
}
