import { gql } from 'graphql-request';
import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, errorCodes, startTestApi } from '../support/api';
import { Workflow, plainMembers } from '../support/workflow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const gid = async (type: string, table: string, code: string) =>
  Buffer.from(`${type}:${(await api.db.query(`SELECT id FROM ${table} WHERE code = $1`, [code]))[0].id}`).toString('base64url');
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e) => ({ codes: errorCodes(e), field: e.response?.errors?.[0]?.extensions?.field }),
  );

describe('every argument that names an object takes its code or its global id', () => {
  it('answers the same rules, quota preview and quota by code and by id; refuses neither, or two that disagree', async () => {
    const unitId = await gid('Unit', 'unit', 'HT-TP-NH');
    const as = api.as(DEMO.wardSecretary);
    const RULES = gql`
      query ($u: String, $id: ID) {
        rules(cycle: "2024", unit: $u, unitId: $id) {
          code
          quota {
            ratio
          }
        }
      }
    `;
    const byCode = await as.request<any>(RULES, { u: 'HT-TP-NH' });
    expect(await as.request<any>(RULES, { id: unitId })).toEqual(byCode);
    expect(await as.request<any>(RULES, { u: 'HT-TP-NH', id: unitId })).toEqual(byCode);
    expect(await failure(as.request(RULES, {}))).toMatchObject({ codes: ['BAD_USER_INPUT'], field: 'unit' });
    expect(await failure(as.request(RULES, { u: 'HT-TP-BH', id: unitId }))).toMatchObject({ codes: ['BAD_USER_INPUT'] });
    const PREVIEW = gql`
      query ($u: String, $id: ID) {
        quotaPreview(cycle: "2024", unit: $u, unitId: $id, eligible: 10, levels: [EXCELLENT, GOOD, GOOD, GOOD, GOOD]) {
          ok
          figures {
            maxExcellent
          }
        }
      }
    `;
    const preview = await as.request<any>(PREVIEW, { id: unitId });
    expect(preview.quotaPreview).toMatchObject({ ok: true, figures: { maxExcellent: 1 } });
    expect(await as.request<any>(PREVIEW, { u: 'HT-TP-NH' })).toEqual(preview);

    const bodyId = await gid('Body', 'body', 'HT-TP-NH-DB');
    const QUOTA = gql`
      query ($a: String, $id: ID) {
        quota(cycle: "2024", authority: $a, authorityId: $id, subjectKind: PARTY_MEMBER) {
          authority
          figures {
            eligible
          }
        }
      }
    `;
    const quota = await as.request<any>(QUOTA, { id: bodyId });
    expect(quota.quota.authority).toBe('HT-TP-NH-DB');
    expect(await as.request<any>(QUOTA, { a: 'HT-TP-NH-DB' })).toEqual(quota);
    expect(await failure(as.request(QUOTA, { id: unitId }))).toMatchObject({ codes: ['BAD_USER_INPUT'], field: 'authorityId' });
  });

  it('finds a subject of every kind by its code, a member by person and a leader by post — within the caller’s scope only', async () => {
    const SUBJECT = gql`
      query ($k: SubjectKind!, $c: String, $p: ID, $post: ID) {
        subject(cycle: "2024", kind: $k, code: $c, person: $p, post: $post) {
          kind
          code
          label
        }
      }
    `;
    const as = api.as(DEMO.wardSecretary);
    for (const [kind, code] of [
      ['PARTY_ORGANIZATION', 'HT-TP-NH-DB'],
      ['LEADERSHIP_COLLECTIVE', 'HT-TP-NH-BTV-TT'],
      ['LEADER', 'HT-TP-NH-CTUBND'],
      ['PARTY_MEMBER', 'HT-TP-NH-CTUBND'],
    ]) {
      expect((await as.request<any>(SUBJECT, { k: kind, c: code })).subject).toMatchObject({ kind, code });
    }
    const person = await gid('Person', 'person', 'HT-TP-NH-CTUBND');
    expect((await as.request<any>(SUBJECT, { k: 'PARTY_MEMBER', p: person })).subject).toMatchObject({ code: 'HT-TP-NH-CTUBND' });
    const post = await gid('Post', 'post', 'HT-TP-NH-PCTUBND1');
    expect((await as.request<any>(SUBJECT, { k: 'LEADER', post })).subject).toMatchObject({ code: 'HT-TP-NH-PCTUBND1' });
    // The secretary holds two posts (the council's chair too): by person alone a leader is ambiguous.
    const secretary = await gid('Person', 'person', DEMO.wardSecretary);
    expect(await failure(as.request(SUBJECT, { k: 'LEADER', p: secretary }))).toMatchObject({ codes: ['BAD_USER_INPUT'], field: 'post' });
    // Another ward's subjects answer null, as if they did not exist.
    expect((await as.request<any>(SUBJECT, { k: 'LEADER', c: 'HT-TP-BH-CTUBND' })).subject).toBeNull();
    expect((await as.request<any>(SUBJECT, { k: 'PARTY_MEMBER', p: await gid('Person', 'person', 'HT-TP-BH-CTUBND') })).subject).toBeNull();
  });

  it('reads an audit event by its id for those who may read the trail, and for no one else', async () => {
    // Opening a rating is an audited event.
    const [m] = (await plainMembers(api, 'HT-CL-TTN', 3)).slice(2);
    await new Workflow(api, '2023').open(m, 'PARTY_MEMBER', m);
    const { auditTrail } = await api.as(DEMO.admin).request<any>(gql`
      {
        auditTrail(first: 1) {
          nodes {
            id
            action
            hash
          }
        }
      }
    `);
    const [event] = auditTrail.nodes;
    const NODE = gql`
      query ($id: ID!) {
        node(id: $id) {
          id
          ... on AuditEvent {
            action
            hash
          }
        }
      }
    `;
    expect((await api.as(DEMO.admin).request<any>(NODE, { id: event.id })).node).toEqual(event);
    expect((await api.as(DEMO.wardSecretary).request<any>(NODE, { id: event.id })).node).toBeNull();
  });
});
