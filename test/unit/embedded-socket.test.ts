import { socketDirFor } from '../../src/db/embedded-postgres';

describe('the directory of the embedded PostgreSQL’s Unix socket', () => {
  it('is the data directory where the socket’s path fits in 107 bytes', () => {
    expect(socketDirFor('/work/main/.data/postgres', 54329)).toBe('/work/main/.data/postgres');
    // 92 bytes of directory and `/.s.PGSQL.54329` make 107: the longest a socket's path may be.
    const longest = `/${'d'.repeat(91)}`;
    expect(socketDirFor(longest, 54329)).toBe(longest);
  });

  it('is none where the path would be longer, or the setting’s list would split the directory: the URL stays TCP', () => {
    expect(socketDirFor(`/${'d'.repeat(92)}`, 54329)).toBeNull();
    // Bytes, not characters: a Vietnamese folder name takes two or three bytes a letter.
    expect(socketDirFor(`/${'đ'.repeat(46)}`, 54329)).toBeNull();
    expect(socketDirFor('/home/an/Dự án/.data/postgres', 54329)).toBeNull();
    expect(socketDirFor('/srv/a,b/.data/postgres', 54329)).toBeNull();
  });
});
