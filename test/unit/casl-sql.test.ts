import { subject } from '@casl/ability';
import { SqlParams } from '../../src/db/sql-params';
import { buildAbility } from '../../src/policies/ability';
import { SUBJECT } from '../../src/policies/actions';
import { UntranslatableRule, abilityToGroupSql, abilityToSql } from '../../src/policies/casl-sql';
import { DelegationRow } from '../../src/policies/delegation-row';
import { Viewer } from '../../src/policies/viewer';

const row = (over: Partial<DelegationRow>): DelegationRow => ({
  id: '1',
  code: 'R',
  delegatorBodyId: null,
  delegateBodyId: '10',
  delegateOffice: null,
  power: 'DECIDE',
  subjectKind: 'PARTY_MEMBER',
  subjectCategories: [],
  scopeMode: 'SUBTREE',
  scopePath: '/1/7/',
  scopeDepth: 1,
  consultBodyIds: [],
  compilerBodyId: null,
  source: '004 §II.4.3',
  listedByBodyId: null,
  listed: [],
  exceptCategories: [],
  exceptListedByBodyId: null,
  exceptListed: [],
  subjectSeats: [],
  exceptSeats: [],
  ...over,
});

/** A row by which body 10, the caller's, delegated onward to body `to`. */
const onward = (to: string, over: Partial<DelegationRow>): DelegationRow => row({ delegatorBodyId: '10', delegateBodyId: to, ...over });

const viewer = (posts: Partial<Viewer['posts'][number]>[]): Viewer => ({
  personId: '99',
  code: 'X',
  systemRoles: [],
  membership: null,
  posts: posts.map((p, i) => ({
    id: String(i),
    unitId: '7',
    unitPath: '/1/7/',
    bodyId: null,
    collectiveId: null,
    collectiveBodyId: null,
    bodyKind: null,
    category: 'SECRETARY',
    role: 'HEAD',
    ...p,
  })),
});

describe('CASL rules → SQL', () => {
  it('puts the matrix row into the WHERE clause as indexed predicates with bound values, the kind written in', () => {
    const ability = buildAbility(viewer([{ bodyId: '10' }]), [
      row({ subjectKind: 'LEADER', subjectCategories: ['FRONT_CHAIR', 'BRANCH_SECRETARY'], scopeMode: 'BELOW' }),
    ]);
    const p = new SqlParams();
    const sql = abilityToSql(ability, 'decide', p, 'a');
    expect(sql).toBe(
      "(a.kind = 'LEADER' AND a.category = ANY($1) AND (a.unit_path >= $2 AND a.unit_path < $3) AND a.unit_path IS DISTINCT FROM $4)",
    );
    // A path prefix is a range ('/' is followed by '0' in the C collation): leakproof operators, so indexed under row-level security too.
    expect(p.values).toEqual([['FRONT_CHAIR', 'BRANCH_SECRETARY'], '/1/7/', '/1/70', '/1/7/']);
  });

  it('writes a condition once per ability and renumbers it into each statement, after the parameters already there', () => {
    const ability = buildAbility(viewer([{ bodyId: '10' }]), [row({ subjectKind: 'LEADER', subjectCategories: ['FRONT_CHAIR'] })]);
    const first = new SqlParams();
    expect(abilityToSql(ability, 'decide', first, 'a')).toBe(
      "(a.kind = 'LEADER' AND a.category = ANY($1) AND (a.unit_path >= $2 AND a.unit_path < $3))",
    );
    const p = new SqlParams();
    p.add('rating');
    const twice = `${abilityToSql(ability, 'decide', p, 'a')} OR ${abilityToSql(ability, 'decide', p, 'b')}`;
    expect(twice).toBe(
      "(a.kind = 'LEADER' AND a.category = ANY($2) AND (a.unit_path >= $3 AND a.unit_path < $4)) OR (b.kind = 'LEADER' AND b.category = ANY($5) AND (b.unit_path >= $6 AND b.unit_path < $7))",
    );
    expect(p.values).toEqual(['rating', ['FRONT_CHAIR'], '/1/7/', '/1/70', ['FRONT_CHAIR'], '/1/7/', '/1/70']);
    expect(first.values).toEqual([['FRONT_CHAIR'], '/1/7/', '/1/70']);
  });

  it('bounds what was delegated away with AND NOT, and gives nothing when no rule applies', () => {
    const ability = buildAbility(viewer([{ bodyId: '10' }]), [
      row({ id: '1', subjectKind: 'LEADER', scopeMode: 'CHILDREN' }),
      onward('20', {
        id: '2',
        subjectKind: 'LEADER',
        subjectCategories: ['UBND_CHAIR'],
        scopeMode: 'SELF',
        scopePath: '/1/7/8/',
      }),
    ]);
    const p = new SqlParams();
    expect(abilityToSql(ability, 'decide', p, 'a')).toBe(
      "(a.kind = 'LEADER' AND (a.unit_path >= $1 AND a.unit_path < $2) AND a.unit_depth = $3 AND NOT (a.kind = 'LEADER' AND a.category = ANY($4) AND a.unit_path = $5))",
    );
    expect(abilityToSql(ability, 'consult', new SqlParams(), 'a')).toBe('FALSE');
    // The in-memory check agrees with the SQL on both sides of the bound.
    expect(
      ability.can(
        'decide',
        subject(SUBJECT, { kind: 'LEADER', refId: '1', unitPath: '/1/7/8/', unitDepth: 2, category: 'UBND_CHAIR', personId: '5' }) as never,
      ),
    ).toBe(false);
    expect(
      ability.can(
        'decide',
        subject(SUBJECT, { kind: 'LEADER', refId: '1', unitPath: '/1/7/8/', unitDepth: 2, category: 'VICE_CHAIR', personId: '5' }) as never,
      ),
    ).toBe(true);
  });

  it('leaves out the exceptions no row of the rule can meet, and negates with IS NOT TRUE those that are never null', () => {
    // A province's body decides its communes' organizations and delegated onward the members of one commune, the
    // organizations below it, and the organizations of another province's commune.
    const ability = buildAbility(viewer([{ bodyId: '10' }]), [
      row({ id: '1', subjectKind: 'PARTY_ORGANIZATION', scopeMode: 'CHILDREN', scopePath: '/1/', scopeDepth: 0 }),
      onward('20', { id: '2', subjectKind: 'PARTY_MEMBER', scopePath: '/1/7/' }),
      onward('20', {
        id: '3',
        subjectKind: 'PARTY_ORGANIZATION',
        scopeMode: 'BELOW',
        scopePath: '/1/7/',
      }),
      onward('30', { id: '4', subjectKind: 'PARTY_ORGANIZATION', scopePath: '/2/9/' }),
      onward('40', {
        id: '5',
        subjectKind: 'PARTY_ORGANIZATION',
        subjectCategories: ['COMMUNE'],
        scopeMode: 'SELF',
        scopePath: '/1/8/',
      }),
    ]);
    const p = new SqlParams();
    // The members' and the other province's exceptions are gone; the category may be null, so its exception keeps NOT.
    expect(abilityToSql(ability, 'decide', p, 'a')).toBe(
      "(a.kind = 'PARTY_ORGANIZATION' AND (a.unit_path >= $1 AND a.unit_path < $2) AND a.unit_depth = $3" +
        " AND NOT (a.kind = 'PARTY_ORGANIZATION' AND a.category = ANY($4) AND a.unit_path = $5)" +
        " AND (a.kind = 'PARTY_ORGANIZATION' AND (a.unit_path >= $6 AND a.unit_path < $7) AND a.unit_path IS DISTINCT FROM $8) IS NOT TRUE)",
    );
    const can = (s: object) => ability.can('decide', subject(SUBJECT, { refId: '1', personId: null, category: null, ...s }) as never);
    // In memory the same: a commune's organization is decided here, one below a commune delegated onward is not.
    expect(can({ kind: 'PARTY_ORGANIZATION', unitPath: '/1/8/', unitDepth: 1 })).toBe(true);
    expect(can({ kind: 'PARTY_ORGANIZATION', unitPath: '/1/8/', unitDepth: 1, category: 'COMMUNE' })).toBe(false);
    expect(can({ kind: 'PARTY_ORGANIZATION', unitPath: '/1/7/12/', unitDepth: 1 })).toBe(false);
    expect(can({ kind: 'PARTY_MEMBER', unitPath: '/1/7/', unitDepth: 1 })).toBe(false);
  });

  it('narrows a row to a management list and leaves out its exceptions, in memory and in SQL alike', () => {
    const entry = (categories: string[]) => ({
      subjectKind: 'LEADER',
      subjectCategories: categories,
      scopeMode: 'CHILDREN' as const,
      scopePath: '/1/7/',
      scopeDepth: 1,
    });
    const listed = buildAbility(viewer([{ bodyId: '10' }]), [
      row({ subjectKind: 'LEADER', scopeMode: 'CHILDREN', listedByBodyId: '10', listed: [entry(['SECRETARY'])] }),
    ]);
    const others = buildAbility(viewer([{ bodyId: '10' }]), [
      row({
        subjectKind: 'LEADER',
        scopeMode: 'CHILDREN',
        exceptCategories: ['FRONT_CHAIR'],
        exceptListedByBodyId: '10',
        exceptListed: [entry(['SECRETARY'])],
      }),
    ]);
    const p = new SqlParams();
    expect(abilityToSql(others, 'decide', p, 'a')).toBe(
      "(a.kind = 'LEADER' AND (a.unit_path >= $1 AND a.unit_path < $2) AND a.unit_depth = $3 AND (a.category IS NULL OR NOT (a.category = ANY($4)))" +
        " AND NOT ((a.kind = 'LEADER' AND a.category = ANY($5) AND (a.unit_path >= $6 AND a.unit_path < $7) AND a.unit_depth = $8)))",
    );
    const at = (category: string | null) =>
      subject(SUBJECT, { kind: 'LEADER', refId: '1', unitPath: '/1/7/8/', unitDepth: 2, category, personId: '5' }) as never;
    expect(['SECRETARY', 'UBND_CHAIR', 'FRONT_CHAIR', null].map((c) => [listed.can('decide', at(c)), others.can('decide', at(c))])).toEqual(
      [
        [true, false],
        [false, true],
        [false, false],
        [false, true],
      ],
    );
    // A list with no entry of the row's kind leaves the row covering nothing.
    expect(
      abilityToSql(
        buildAbility(viewer([{ bodyId: '10' }]), [row({ listedByBodyId: '10', listed: [entry(['SECRETARY'])] })]),
        'decide',
        new SqlParams(),
        'a',
      ),
    ).toBe('FALSE');
  });

  it('acts for a body only through a post in it, and in the named office', () => {
    const rows = [row({ delegateOffice: 'UBND_CHAIR', delegateBodyId: '30' })];
    expect(abilityToSql(buildAbility(viewer([{ bodyId: '30', category: 'UBND_VICE_CHAIR' }]), rows), 'decide', new SqlParams(), 'a')).toBe(
      'FALSE',
    );
    expect(abilityToSql(buildAbility(viewer([{ bodyId: '30', category: 'UBND_CHAIR' }]), rows), 'decide', new SqlParams(), 'a')).not.toBe(
      'FALSE',
    );
    expect(abilityToSql(buildAbility(viewer([{ bodyId: '31', category: 'UBND_CHAIR' }]), rows), 'decide', new SqlParams(), 'a')).toBe(
      'FALSE',
    );
  });

  it('writes in only the kinds of subject it knows, and binds any other value', () => {
    const ability = buildAbility(viewer([{ bodyId: '10' }]), [row({ subjectKind: "LEADER' OR TRUE --", scopeMode: 'SELF' })]);
    const p = new SqlParams();
    expect(abilityToSql(ability, 'decide', p, 'a')).toBe('(a.kind = $1 AND a.unit_path = $2)');
    expect(p.values).toEqual(["LEADER' OR TRUE --", '/1/7/']);
  });

  it('refuses to translate what it does not know, rather than widen the scope', () => {
    const ability = buildAbility(viewer([]), []);
    (ability as any).update([{ action: 'decide', subject: SUBJECT, conditions: { label: 'x' } }]);
    expect(() => abilityToSql(ability, 'decide', new SqlParams(), 'a')).toThrow(UntranslatableRule);
    (ability as any).update([{ action: 'decide', subject: SUBJECT, conditions: { unitPath: { $regex: '.*' } } }]);
    expect(() => abilityToSql(ability, 'decide', new SqlParams(), 'a')).toThrow(UntranslatableRule);
  });

  it('decides within a subtree what the subtree decides: FALSE outside every range of the rules, TRUE inside one, the rest kept', () => {
    // An auditor of two provinces' organization commissions, who is also a member in the first.
    const auditor = buildAbility(
      {
        ...viewer([
          { unitPath: '/3/', bodyKind: 'ORGANIZATION_COMMISSION', role: 'MEMBER' },
          { unitPath: '/5/', bodyKind: 'ORGANIZATION_COMMISSION', role: 'MEMBER' },
        ]),
        membership: { branchId: '31', unitPath: '/3/1/' },
      },
      [],
    );
    const whole = new SqlParams();
    expect(abilityToSql(auditor, 'audit', whole, 'a')).toBe(
      '((a.unit_path >= $1 AND a.unit_path < $2) OR (a.unit_path >= $3 AND a.unit_path < $4))',
    );
    // Within another province no rule can hold: a constant, with no parameter.
    const apart = new SqlParams();
    expect(abilityToSql(auditor, 'audit', apart, 'a', '/4/')).toBe('FALSE');
    expect(abilityToSql(auditor, 'audit', apart, 'a', '/4/2/')).toBe('FALSE');
    expect(apart.values).toEqual([]);
    // Within one of theirs, or a commune in it: every row.
    expect(abilityToSql(auditor, 'audit', new SqlParams(), 'a', '/5/2/')).toBe('TRUE');
    // Within the country: nothing decided, the rules whole.
    const country = new SqlParams();
    expect(abilityToSql(auditor, 'audit', country, 'a', '/')).toBe(abilityToSql(auditor, 'audit', new SqlParams(), 'a'));
    // Reading: their own subjects stay wherever they are; the ranges apart from the subtree are left out.
    const read = new SqlParams();
    expect(abilityToSql(auditor, 'read', read, 'a', '/4/')).toBe('(a.person_id = $1)');
    expect(read.values).toEqual(['99']);
    // The SQL agrees with the rules in memory on a subject of each kind of place.
    const at = (unitPath: string, personId: string) =>
      auditor.can(
        'audit',
        subject(SUBJECT, { kind: 'PARTY_MEMBER', refId: '1', unitPath, unitDepth: 2, category: 'X', personId }) as never,
      );
    expect([at('/4/2/', '5'), at('/5/2/', '5'), at('/3/1/', '5')]).toEqual([false, true, true]);
  });

  it('gives the subject tally the rules without per-person conditions, settled within a subtree read whole, and narrowed where they stand under a NOT', () => {
    // A city secretary reads the city; as anyone, their own subjects (person 99) wherever they are.
    const scope = abilityToGroupSql(buildAbility(viewer([{ bodyId: '10' }]), []), 'read');
    const p = new SqlParams();
    expect(scope.groups(p, 't')).toBe('((t.unit_path >= $1 AND t.unit_path < $2))');
    expect(scope.perSubject(p, 'a')).toBe('(a.person_id = $3)');
    expect(p.values).toEqual(['/1/7/', '/1/70', '99']);
    const q = new SqlParams();
    expect(scope.groups(q, 't', '/1/7/8/')).toBe('TRUE');
    expect(q.values).toEqual([]);
    // Another subtree: the city's range is FALSE there, and only the caller's own subjects (FALSE for a group) are left.
    expect(scope.groups(q, 't', '/2/')).toBe('FALSE');
    expect(q.values).toEqual([]);
    const negated = buildAbility(viewer([]), []);
    (negated as any).update([
      { action: 'read', subject: SUBJECT },
      { action: 'read', subject: SUBJECT, inverted: true, conditions: { personId: '5' } },
    ]);
    // Everyone but person 5: no group is wholly readable, and every subject row but person 5's is a candidate.
    const n = new SqlParams();
    const scoped = abilityToGroupSql(negated, 'read');
    expect(scoped.groups(n, 't')).toBe('FALSE');
    expect(scoped.perSubject(n, 'a')).toBe('(NOT COALESCE(a.person_id = $1, FALSE))');
    expect(n.values).toEqual(['5']);
  });
});

describe('abilities kept with the rows they were built from', () => {
  const rows = [row({ subjectKind: 'PARTY_MEMBER', scopeMode: 'SUBTREE' })];
  const secretary = () => viewer([{ bodyId: '10' }]);
  const member = subject(SUBJECT, {
    kind: 'PARTY_MEMBER',
    refId: '3',
    unitPath: '/1/7/9/',
    unitDepth: 2,
    category: null,
    personId: '5',
  }) as never;

  it('answers the same ability for the same caller and the same rows, and its SQL each time with fresh parameters', () => {
    const first = buildAbility(secretary(), rows);
    expect(buildAbility(secretary(), rows)).toBe(first);
    const [p, q] = [new SqlParams(), new SqlParams()];
    q.add('taken');
    expect(abilityToSql(first, 'decide', p, 'a')).toBe(`(a.kind = 'PARTY_MEMBER' AND (a.unit_path >= $1 AND a.unit_path < $2))`);
    expect(abilityToSql(first, 'decide', q, 'a')).toBe(`(a.kind = 'PARTY_MEMBER' AND (a.unit_path >= $2 AND a.unit_path < $3))`);
    expect(q.values).toEqual(['taken', '/1/7/', '/1/70']);
  });

  it('gives each action of a kept ability its own tally conditions, each time with fresh parameters', () => {
    const kept = buildAbility(secretary(), rows);
    const [p, q] = [new SqlParams(), new SqlParams()];
    q.add('taken');
    expect(abilityToGroupSql(kept, 'decide').groups(p, 't')).toBe(`(t.kind = 'PARTY_MEMBER' AND (t.unit_path >= $1 AND t.unit_path < $2))`);
    expect(abilityToGroupSql(kept, 'decide').groups(q, 't')).toBe(`(t.kind = 'PARTY_MEMBER' AND (t.unit_path >= $2 AND t.unit_path < $3))`);
    expect(q.values).toEqual(['taken', '/1/7/', '/1/70']);
    // Reading, the secretary also has their own subjects, one by one: the decide conditions have none.
    expect(abilityToGroupSql(kept, 'decide').perSubject(new SqlParams(), 'a')).toBeNull();
    expect(abilityToGroupSql(kept, 'read').perSubject(new SqlParams(), 'a')).toBe('(a.person_id = $1)');
    expect(abilityToGroupSql(buildAbility(viewer([{ bodyId: '11' }]), rows), 'decide').groups(new SqlParams(), 't')).toBe('FALSE');
  });

  it('builds anew for a caller whose posts changed, and for rows read again', () => {
    const kept = buildAbility(secretary(), rows);
    const moved = buildAbility(viewer([{ bodyId: '11' }]), rows);
    expect(moved).not.toBe(kept);
    expect(moved.can('decide', member)).toBe(false);
    expect(kept.can('decide', member)).toBe(true);
    const readAgain = rows.map((r) => ({ ...r, scopePath: '/1/8/' }));
    const rebuilt = buildAbility(secretary(), readAgain);
    expect(rebuilt).not.toBe(kept);
    expect(rebuilt.can('decide', member)).toBe(false);
  });
});
