import fs from 'node:fs';
import os from 'node:os';

/** Clock ticks of /proc (USER_HZ, 100 on Linux) in ms. */
const TICK_MS = 10;

/** User and system ticks of a /proc/<pid>/stat line, after the command's closing parenthesis. */
const ticksOf = (stat: string) => {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

/** CPU time (user + system) a process has used so far, in ms. */
export const cpuMsOf = (pid: number) => ticksOf(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')) * TICK_MS;

/** A thread's time so far on a CPU and waiting on a run queue for one (ms), from its `/proc/<pid>/schedstat` line (ns). */
export function runAndWaitOf(schedstat: string): { runMs: number; waitMs: number } {
  const [run, wait] = schedstat.trim().split(/\s+/).map(Number);
  return { runMs: run / 1e6, waitMs: wait / 1e6 };
}

/** `runAndWaitOf` a process's main thread; null where the kernel keeps no such counts. */
function schedOf(pid: number | string): { runMs: number; waitMs: number } | null {
  try {
    return runAndWaitOf(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * CPU time used so far by each PostgreSQL process of this machine (pid → ms), and the time each waited on a run queue
 * for a CPU: the benchmark's server when its database is local (the embedded one, or a service on this machine; a remote
 * one counts none).
 */
function postgresTimesMs(): { cpu: Map<number, number>; waited: Map<number, number> } {
  const cpu = new Map<number, number>();
  const waited = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      cpu.set(Number(name), ticksOf(stat) * TICK_MS);
      const sched = schedOf(name);
      if (sched) waited.set(Number(name), sched.waitMs);
    } catch {
      // A process that ended between the listing and the read.
    }
  }
  return { cpu, waited };
}

/**
 * What PostgreSQL's processes used between two readings of a counter that only rises (CPU or run-queue wait, ms), process
 * by process. A process that ended meanwhile takes its time with it (the API's pool and the benchmark's keep theirs open);
 * summing the whole server twice instead went negative when another database's backends ended in between (the test
 * suite's, on the same server).
 */
export function postgresUsedBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) {
    const then = before.get(pid) ?? 0;
    // A pid used again by a new process started below the old one's time: all of its time is new.
    ms += now >= then ? now - then : now;
  }
  return ms;
}

/** The machine's CPU time so far, all cores, busy and idle (ms). */
function machineCpuMs(): { busy: number; idle: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { busy: (user + nice + system + irq + softirq + steal) * TICK_MS, idle: (idle + iowait) * TICK_MS };
}

/** Where the CPU of a scenario's requests went, per request (µs), and what that allows on this machine's cores. */
export interface CpuShares {
  perRequestUs: { ours: number; postgres: number; benchmark: number; machine: number };
  idlePercent: number;
  /** Requests per second the machine's cores could answer at most, at this CPU per request. */
  mostPerSecond: number;
  /**
   * Over the scenario (ms): how long the API's main thread ran, and how long it and PostgreSQL's processes were ready to run
   * but waited on a run queue for a CPU. Beside `idlePercent`: waits while the machine idles are the scheduler's, not a
   * lack of cores. Absent where the kernel keeps no such counts.
   */
  runQueue?: { apiRanMs: number; apiWaitedMs: number; postgresWaitedMs: number };
}

/**
 * Runs a scenario and reads the CPU the API (`apiPid`), PostgreSQL, the benchmark's own process (the load generator)
 * and the whole machine spent on it: a throughput the cores bound shows it, whatever the latency says. `warmUp`: the
 * requests the run sends before those its figures count, whose CPU is read too.
 */
export async function withCpuShares<T extends { requests: number }>(
  apiPid: number,
  warmUp: number,
  run: () => Promise<T>,
): Promise<{ figures: T; cpu: CpuShares }> {
  const before = {
    ours: cpuMsOf(apiPid),
    apiSched: schedOf(apiPid),
    postgres: postgresTimesMs(),
    benchmark: process.cpuUsage(),
    machine: machineCpuMs(),
  };
  const figures = await run();
  const benchmark = process.cpuUsage(before.benchmark);
  const machine = machineCpuMs();
  const apiSched = schedOf(apiPid);
  const postgres = postgresTimesMs();
  const n = Math.max(figures.requests + warmUp, 1);
  const us = (ms: number) => Math.round((1000 * ms) / n);
  const busy = machine.busy - before.machine.busy;
  const idle = machine.idle - before.machine.idle;
  return {
    figures,
    cpu: {
      perRequestUs: {
        ours: us(cpuMsOf(apiPid) - before.ours),
        postgres: us(postgresUsedBetween(before.postgres.cpu, postgres.cpu)),
        benchmark: Math.round((benchmark.user + benchmark.system) / n),
        machine: us(busy),
      },
      idlePercent: Math.round((100 * idle) / Math.max(busy + idle, 1)),
      mostPerSecond: Math.round((os.cpus().length * 1e6) / Math.max(us(busy), 1)),
      ...(before.apiSched && apiSched
        ? {
            runQueue: {
              apiRanMs: Math.round(apiSched.runMs - before.apiSched.runMs),
              apiWaitedMs: Math.round(apiSched.waitMs - before.apiSched.waitMs),
              postgresWaitedMs: Math.round(postgresUsedBetween(before.postgres.waited, postgres.waited)),
            },
          }
        : {}),
    },
  };
}
