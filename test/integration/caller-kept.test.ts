import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, startTestApi } from '../support/api';
import { eventually } from '../support/eventually';
import { IMPORT_DATASET, secretaryPost } from '../support/own-dataset';

/**
 * A replica keeps each caller (their posts and scope) across requests (policies/load-viewer.ts): a change of a post
 * is obeyed by the next requests on every replica, once the replica hears of it (`matrix_changed`, migration 0039).
 * Units of this file's own (codes CK-…): a commune whose secretary leaves the post and takes it up again.
 */
let api: TestApi;
let replica: TestApi;
beforeAll(async () => {
  [api, replica] = [await startTestApi(), await startTestApi()];
  const res = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
    dataset: {
      version: 1,
      units: [{ code: 'CK', name: 'Xã CK', kind: 'COMMUNE' }],
      bodies: [{ code: 'CK-DB', name: 'Đảng bộ xã CK', kind: 'PARTY_ORGANIZATION', unit: 'CK' }],
      people: [{ code: 'CK-BT', fullName: 'Đồng chí CK-BT' }],
      posts: [secretaryPost('CK-BT', 'CK', 'CK-DB')],
    },
  });
  expect(res.importDataset.userErrors).toEqual([]);
});
afterAll(async () => {
  await replica.close();
  await api.close();
});

/** What the secretary's request finds of their authority: their posts today and the roots of what they read. */
const asSecretary = async (on: TestApi) => {
  const { viewer } = await on.as('CK-BT').request<any>(`{ viewer { activePosts { code } readScope { code } } }`);
  return { posts: viewer.activePosts.map((p: { code: string }) => p.code), scope: viewer.readScope.map((u: { code: string }) => u.code) };
};

describe('the caller a replica keeps across requests', () => {
  it('obeys a post that ends, and one taken up again, on every replica', async () => {
    const holding = { posts: ['CK-BT-POST'], scope: ['CK'] };
    expect(await asSecretary(replica)).toEqual(holding);
    expect(await asSecretary(replica)).toEqual(holding);

    // The post ends yesterday, written past the API (any writer: an import, a reorganization, a DBA).
    await api.db.query(`UPDATE post SET ends_on = current_date - 1 WHERE code = 'CK-BT-POST'`);
    const left = { posts: [], scope: [] };
    expect(
      await eventually(
        () => asSecretary(replica),
        (x) => x.posts.length === 0,
      ),
    ).toEqual(left);
    expect(
      await eventually(
        () => asSecretary(api),
        (x) => x.posts.length === 0,
      ),
    ).toEqual(left);

    await api.db.query(`UPDATE post SET ends_on = NULL WHERE code = 'CK-BT-POST'`);
    expect(
      await eventually(
        () => asSecretary(replica),
        (x) => x.posts.length === 1,
      ),
    ).toEqual(holding);
  });

  it('sets a kept caller’s scope again on a connection an unknown caller emptied', async () => {
    // One connection, so that the three requests run on the same one, each finding what the one before left on it.
    const single = await startTestApi({ settings: { apiPoolSize: 1 } });
    try {
      const himself = `{ person(code: "CK-BT") { code } }`;
      expect(await single.as('CK-BT').request<any>(himself)).toEqual({ person: { code: 'CK-BT' } });
      // An unknown person code: entering empties the connection's scope (api_enter, migration 0009) and answers no one.
      await expect(single.as('CK-NOBODY').request(himself)).rejects.toThrow(/Unknown person/);
      expect(await single.as('CK-BT').request<any>(himself)).toEqual({ person: { code: 'CK-BT' } });
    } finally {
      await single.close();
    }
  });
});
