import { postgresUsedBetween, runAndWaitOf } from '../../src/bench/cpu-shares';

describe('the CPU PostgreSQL used between two readings', () => {
  it('adds each process’s own time since the first reading, and the whole time of one started since', () => {
    const before = new Map([
      [100, 500],
      [101, 40],
    ]);
    const after = new Map([
      [100, 620],
      [101, 40],
      [102, 30],
    ]);
    expect(postgresUsedBetween(before, after)).toBe(120 + 0 + 30);
  });

  it('never goes below zero when a busy process ends in between (another database’s backend on the same server)', () => {
    const before = new Map([
      [100, 500],
      [200, 9_000],
    ]);
    const after = new Map([[100, 510]]);
    expect(postgresUsedBetween(before, after)).toBe(10);
  });

  it('counts a pid used again by a new process from its start', () => {
    expect(postgresUsedBetween(new Map([[300, 2_000]]), new Map([[300, 15]]))).toBe(15);
  });
});

describe('a thread’s time on a CPU and waiting for one', () => {
  it('reads the first two counts of a schedstat line, in nanoseconds, as milliseconds', () => {
    expect(runAndWaitOf('65620896525 62258204036 127499\n')).toEqual({ runMs: 65620.896525, waitMs: 62258.204036 });
  });
});
