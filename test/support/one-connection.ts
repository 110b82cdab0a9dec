import { DataSource } from 'typeorm';
import { API_ROLE } from '../../migrations/1732000000009-row-level-security';
import { createDataSource } from '../../src/db/data-source';

/**
 * The API's pool and the owner's, one connection each, made before the file's tests and closed after: a request made
 * after another gets the very connection the first gave back, as requests in a row mostly do.
 */
export function oneConnectionEach(): { api: () => DataSource; owner: () => DataSource } {
  let api: DataSource;
  let owner: DataSource;
  beforeAll(async () => {
    const url = process.env.TEST_DATABASE_URL as string;
    api = await createDataSource(url, { role: API_ROLE, poolSize: 1 }).initialize();
    owner = await createDataSource(url, { poolSize: 1 }).initialize();
  });
  afterAll(async () => {
    await api.destroy();
    await owner.destroy();
  });
  return { api: () => api, owner: () => owner };
}
