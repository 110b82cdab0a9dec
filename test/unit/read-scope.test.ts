import { SqlParams } from '../../src/db/sql-params';
import { oneProvince, outermost, readScopeOf, scopeCondition, spansProvinces } from '../../src/policies/read-scope';
import { Viewer } from '../../src/policies/viewer';

const viewer = (paths: string[], roles: string[] = []): Viewer => ({
  personId: '7',
  code: 'X',
  systemRoles: roles,
  membership: null,
  posts: paths.map((p, i) => ({
    id: String(i),
    unitId: '1',
    unitPath: p,
    bodyId: null,
    collectiveId: null,
    collectiveBodyId: null,
    bodyKind: null,
    category: 'C',
    role: 'HEAD',
  })),
});

describe('read scope', () => {
  it('keeps only the outermost subtrees', () => {
    expect(outermost(['/1/2/3/', '/1/2/', '/1/9/', '/1/2/'])).toEqual(['/1/2/', '/1/9/']);
    expect(outermost(['/1/20/', '/1/2/'])).toEqual(['/1/2/', '/1/20/']);
  });

  it('turns the scope into indexed prefix predicates with bound parameters', () => {
    const p = new SqlParams();
    const sql = scopeCondition(readScopeOf(viewer(['/1/2/', '/1/2/5/', '/1/8/'])), p, 'm.unit_path', 'm.person_id');
    expect(sql).toBe('((m.unit_path >= $1 AND m.unit_path < $2) OR (m.unit_path >= $3 AND m.unit_path < $4) OR m.person_id = $5)');
    expect(p.values).toEqual(['/1/2/', '/1/20', '/1/8/', '/1/80', '7']);
  });

  it('tells a scope of whole provinces or more from a narrower one, within a unit or not', () => {
    const admin = readScopeOf(viewer([], ['ADMIN']));
    expect(spansProvinces(admin, null)).toBe(true);
    expect(spansProvinces(admin, '/12/')).toBe(true);
    expect(spansProvinces(admin, '/12/40/')).toBe(false);
    expect(spansProvinces(readScopeOf(viewer(['/12/', '/30/'])), null)).toBe(true);
    expect(spansProvinces(readScopeOf(viewer(['/12/', '/30/7/'])), null)).toBe(false);
    expect(spansProvinces(readScopeOf(viewer(['/12/'])), '/12/40/')).toBe(false);
    expect(spansProvinces(readScopeOf(viewer([])), null)).toBe(false);
    // Within a province the scope does not reach: no row to find, none walked for.
    expect(spansProvinces(readScopeOf(viewer(['/12/'])), '/30/')).toBe(false);
    expect(spansProvinces(readScopeOf(viewer(['/12/', '/30/'])), '/30/')).toBe(true);
    expect(spansProvinces(readScopeOf(viewer(['/12/'])), '/12/')).toBe(true);
  });

  it('names the one province a walk reads, where there is one', () => {
    const admin = readScopeOf(viewer([], ['ADMIN']));
    expect(oneProvince(admin, null)).toBeNull();
    expect(oneProvince(admin, '/12/')).toBe('/12/');
    expect(oneProvince(readScopeOf(viewer(['/12/'])), null)).toBe('/12/');
    expect(oneProvince(readScopeOf(viewer(['/12/', '/30/'])), null)).toBeNull();
    expect(oneProvince(readScopeOf(viewer(['/12/', '/30/'])), '/30/')).toBe('/30/');
    expect(oneProvince(readScopeOf(viewer(['/12/'])), '/')).toBe('/12/');
  });

  it('gives an administrator everything and a caller without posts only their own rows', () => {
    expect(scopeCondition(readScopeOf(viewer([], ['ADMIN'])), new SqlParams(), 'x')).toBe('TRUE');
    expect(scopeCondition(readScopeOf(viewer([])), new SqlParams(), 'x')).toBe('FALSE');
    expect(scopeCondition(readScopeOf(viewer([])), new SqlParams(), 'x', 'p')).toBe('(p = $1)');
  });

  it('needs no condition for rows under a path the scope holds whole, keeps the ranges inside any other, and only the own rows apart', () => {
    const scope = readScopeOf(viewer(['/1/2/', '/1/8/']));
    expect(scopeCondition(scope, new SqlParams(), 'x', 'p', '/1/2/')).toBe('TRUE');
    expect(scopeCondition(scope, new SqlParams(), 'x', 'p', '/1/2/5/')).toBe('TRUE');
    // The scope's parent: both ranges.
    expect(scopeCondition(scope, new SqlParams(), 'x', 'p', '/1/')).toBe('((x >= $1 AND x < $2) OR (x >= $3 AND x < $4) OR p = $5)');
    // A sibling whose path begins with the same digits, another subtree: no range reaches them, the caller's own rows are left.
    for (const within of ['/1/20/', '/1/3/']) {
      const p = new SqlParams();
      expect(scopeCondition(scope, p, 'x', 'p', within)).toBe('(p = $1)');
      expect(p.values).toEqual(['7']);
      expect(scopeCondition(scope, new SqlParams(), 'x', undefined, within)).toBe('FALSE');
    }
  });
});
