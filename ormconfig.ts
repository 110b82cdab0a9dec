import { createDataSource } from './src/db/data-source';

/** For the TypeORM CLI (e.g. `npx typeorm migration:show -d dist/ormconfig.js`); needs DATABASE_URL. */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to use the TypeORM CLI');
export default createDataSource(url);
