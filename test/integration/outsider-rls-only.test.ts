import { outsiderSuite } from '../support/outsider-suite';

/*
 * The same suite in a build whose application scope conditions are removed: every CASL condition and
 * read scope is TRUE, so only PostgreSQL's row-level security (migration 0009) stands between the
 * outsider and the other ward's rows. It must hold alone, and on a connection that the ward's own
 * secretary used the moment before (a connection goes back to the pool with its caller's scope).
 */
jest.mock('../../src/policies/casl-sql', () => ({
  ...jest.requireActual('../../src/policies/casl-sql'),
  abilityToSql: () => 'TRUE',
  allowedOnSubjectSql: (_a: unknown, _action: unknown, _params: unknown, kind: string, ref: string) =>
    `EXISTS (SELECT 1 FROM ${jest.requireActual('../../src/model/kinds').subjectViewOf(kind)} a WHERE a.ref_id = ${ref})`,
  abilityToGroupSql: () => ({ groups: () => 'TRUE', perSubject: () => null }),
}));
jest.mock('../../src/policies/read-scope', () => ({
  ...jest.requireActual('../../src/policies/read-scope'),
  scopeCondition: () => 'TRUE',
}));
jest.mock('../../src/policies/request-policy', () => {
  const actual = jest.requireActual('../../src/policies/request-policy');
  actual.RequestPolicy.prototype.auditTrail = () => true;
  actual.RequestPolicy.prototype.quota = () => true;
  return actual;
});

outsiderSuite(
  'the whole schema, called by an outsider, with row-level security as the only scope, on the connection an insider used just before',
  'HT-TP-ND',
  { code: 'HT-TP-BH-BT', ward: 'HT-TP-BH' },
  { insiderFirst: true },
);
