import { API_ROLE } from '../../migrations/1732000000009-row-level-security';
import { asCaller } from '../../src/context';
import { createDataSource } from '../../src/db/data-source';
import { RequestSession } from '../../src/db/request-session';
import { traceOf } from '../../src/http/observability';
import { step } from '../../src/resolvers/workflow-step';
import { refuse } from '../../src/services/refusal';
import { RatingRow } from '../../src/services/subject-facts';
import { DataSource, EntityManager } from 'typeorm';
import { GraphQLError } from 'graphql';
import { dbIdOf } from '../../src/schema/global-id';
import type { Actor } from '../../src/services/workflow/core';
import { IncomingMessage } from 'node:http';
import { TestApi, config, startTestApi } from '../support/api';
import { Workflow } from '../support/workflow';
import { IMPORT_DATASET, matrixRow, secretaryPost, yearCycle } from '../support/own-dataset';
import { DEMO } from '../../src/demo/demo-dataset';

/**
 * A workflow step answers a caller who may not read the subject as if the rating did not exist, whatever the step
 * does first (workflow-step.ts): most steps check authority, readability included, before anything else, and the
 * step asks for readability itself only when they did not. Units of this file's own (codes SR-…): the secretary of
 * one commune decided another's members in an earlier cycle, so row-level security (any cycle's matrix rows) lets
 * them see that commune's rows, while their ability in this cycle (no such row) does not let them read its ratings.
 */
let api: TestApi;
let pool: DataSource;
let [own, others] = ['', ''];
beforeAll(async () => {
  api = await startTestApi();
  pool = createDataSource(process.env.TEST_DATABASE_URL as string, { role: API_ROLE, poolSize: 2 });
  await pool.initialize();
  const res = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
    dataset: {
      version: 1,
      units: [
        { code: 'SR-B', name: 'Đảng bộ SR-B', kind: 'GRASSROOTS_PARTY_ORG' },
        { code: 'SR-X', name: 'Đảng bộ SR-X', kind: 'GRASSROOTS_PARTY_ORG' },
      ],
      bodies: [
        { code: 'SR-B-DB', name: 'Đảng bộ SR-B', kind: 'PARTY_ORGANIZATION', unit: 'SR-B' },
        { code: 'SR-X-DB', name: 'Đảng bộ SR-X', kind: 'PARTY_ORGANIZATION', unit: 'SR-X' },
      ],
      people: ['SR-P', 'SR-M'].map((code) => ({ code, fullName: `Đồng chí ${code}` })),
      posts: [secretaryPost('SR-P', 'SR-X', 'SR-X-DB')],
      memberships: [
        { person: 'SR-P', branch: 'SR-X', admittedOn: '2000-05-19', status: 'OFFICIAL' },
        { person: 'SR-M', branch: 'SR-B', admittedOn: '2000-05-19', status: 'OFFICIAL' },
      ],
      cycles: [yearCycle('SR-2023', 'Năm 2023', 2023), yearCycle('SR-2024', 'Năm 2024', 2024)],
      delegations: [matrixRow('SR-2023', 'members', 'SR-X-DB', 'DECIDE', 'PARTY_MEMBER', 'SR-B', 'SELF')],
    },
  });
  expect(res.importDataset.userErrors).toEqual([]);
  const w = new Workflow(api, 'SR-2024');
  [own, others] = [(await w.open('SR-P', 'PARTY_MEMBER', 'SR-P')).id, (await w.open('SR-M', 'PARTY_MEMBER', 'SR-M')).id];
});
afterAll(async () => {
  await pool.destroy();
  await api.close();
});

/** Runs a step on a rating as the secretary, with `run` as the step's service. */
const asReader = (rating: string, run: (em: EntityManager, actor: Actor, r: RatingRow) => Promise<RatingRow>) =>
  asCaller(new RequestSession(pool, api.db, 1000), config, 'SR-P', traceOf({ headers: {} } as IncomingMessage), (ctx) =>
    step(ctx, rating, run),
  );
const refusing = async (): Promise<RatingRow> => refuse('WRONG_STAGE', 'refused before any check');
const codeOf = (e: unknown) => (e instanceof GraphQLError ? e.extensions.code : e);

describe('a workflow step whose service checks nothing first', () => {
  it('answers a refusal about a rating the caller may read as it is', async () => {
    const payload = await asReader(own, refusing);
    expect(payload.userErrors.map((e) => e.code)).toEqual(['WRONG_STAGE']);
  });

  it('answers a rating the caller may not read as missing, whether the service refused or went through, and keeps nothing', async () => {
    expect(codeOf(await asReader(others, refusing).catch((e) => e))).toBe('NOT_FOUND');
    const version = async () =>
      (await api.db.query(`SELECT version FROM rating WHERE id = $1`, [dbIdOf(others, 'Rating', 'rating')]))[0].version;
    const before = await version();
    const writing = async (em: EntityManager, _actor: Actor, r: RatingRow) => {
      const [[after]] = await em.query(`UPDATE rating SET version = version + 1 WHERE id = $1 RETURNING version`, [r.id]);
      expect(after.version).toBe(before + 1);
      return r;
    };
    expect(codeOf(await asReader(others, writing).catch((e) => e))).toBe('NOT_FOUND');
    expect(await version()).toBe(before);
  });
});
