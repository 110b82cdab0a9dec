import autocannon from 'autocannon';

export interface Figures {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** When there were errors, what they were (`failures`). */
  failed?: Record<string, number>;
  requests: number;
}

/** The percentiles of latencies in ms (sorted in place), rounded to 0.01 ms: each the latency that share of the requests did not exceed. */
export function percentiles(latencies: number[]): Pick<Figures, 'p50' | 'p95' | 'p99'> {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.max(0, Math.ceil(q * latencies.length) - 1)] ?? 0) * 100) / 100;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/**
 * Drives an HTTP endpoint with autocannon for `seconds` after a one-second warm-up, or for `amount`
 * requests after `warmUp` requests (scenarios whose requests each consume data); latencies in ms.
 */
export async function drive(
  url: string,
  options: {
    body?: string | (() => string | { body: string; headers: Record<string, string> });
    headers?: Record<string, string>;
    connections: number;
  } & ({ seconds: number } | { amount: number; warmUp: number }),
): Promise<Figures> {
  const make = typeof options.body === 'function' ? options.body : () => options.body as string;
  let lastAnswer = 0;
  // Every response's time is kept: autocannon's own histogram gives p97.5, not p95.
  const run = (limit: { duration: number } | { amount: number }, latencies: number[] | null) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url,
          method: 'POST',
          connections: options.connections,
          ...limit,
          headers: { 'content-type': 'application/json', ...(options.headers ?? {}) },
          requests: [
            {
              setupRequest: (req) => {
                const next = make();
                return typeof next === 'string'
                  ? { ...req, body: next }
                  : { ...req, body: next.body, headers: { ...req.headers, ...next.headers } };
              },
            },
          ],
        },
        (err: unknown, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
      );
      if (latencies)
        instance.on('response', (_client, _status, _bytes, ms) => {
          latencies.push(ms);
          lastAnswer = performance.now();
        });
    });
  await run('seconds' in options ? { duration: 1 } : { amount: options.warmUp }, null);
  const latencies: number[] = [];
  const started = performance.now();
  const r = await run('seconds' in options ? { duration: options.seconds } : { amount: options.amount }, latencies);
  const errors = r.errors + r.non2xx;
  return {
    // Answers over the time from the first request to the last answer. Autocannon's own average counts whole seconds: a run
    // of a fixed number of requests ends at the next second's tick, so 1,500 decisions in 5.02 s counted as 6 seconds (250/s).
    rps: Math.round((latencies.length / Math.max((lastAnswer - started) / 1000, 0.001)) * 100) / 100,
    ...percentiles(latencies),
    errors,
    ...(errors ? { failed: failures(r) } : {}),
    requests: r.requests.total,
  };
}

/** What went wrong: the count per HTTP status other than 2xx, requests timed out, and other failures to answer. */
function failures(r: autocannon.Result): Record<string, number> {
  const failed: Record<string, number> = { timeouts: r.timeouts, errors: r.errors - r.timeouts };
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) if (!code.startsWith('2')) failed[code] = s.count ?? 0;
  return failed;
}

/**
 * The same figures for an async function called with a fixed concurrency (the hand-written SQL
 * baselines). Each caller measures at least one call, so a baseline slower than the scenario's
 * seconds still gives its time.
 */
export async function loop(fn: () => Promise<unknown>, concurrency: number, seconds: number): Promise<Figures> {
  const latencies: number[] = [];
  const started = Date.now();
  const warm = started + 500;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < warm) await fn();
      const deadline = Math.max(Date.now(), started + seconds * 1000);
      do {
        const t = process.hrtime.bigint();
        await fn();
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      } while (Date.now() < deadline);
    }),
  );
  return {
    rps: Math.round((latencies.length / Math.max(1, Date.now() - warm)) * 1000),
    ...percentiles(latencies),
    errors: 0,
    requests: latencies.length,
  };
}

/**
 * Two async functions called in turn, one call at a time, which goes first swapped each round, for `seconds` after
 * half a second's warm-up: both meet the same moments of a machine whose load drifts, so their ratio holds where runs
 * of a few seconds each differ by more than what is compared.
 */
export async function alternated(a: () => Promise<unknown>, b: () => Promise<unknown>, seconds: number): Promise<[Figures, Figures]> {
  const latencies: [number[], number[]] = [[], []];
  const fns = [a, b];
  const started = Date.now();
  for (let round = 0; Date.now() < started + 500; round++) await fns[round % 2]();
  const deadline = Date.now() + seconds * 1000;
  for (let round = 0; Date.now() < deadline; round++) {
    for (const i of round % 2 ? [1, 0] : [0, 1]) {
      const t = process.hrtime.bigint();
      await fns[i]();
      latencies[i].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return latencies.map((l) => ({
    rps: Math.round(l.length / seconds),
    ...percentiles(l),
    errors: 0,
    requests: l.length,
  })) as [Figures, Figures];
}

/** A contestant's runs over the repetitions: the run of median p50, and the range of p50 over all of them. */
export interface Repeated {
  median: Figures;
  p50Range: [number, number];
}

/** The run of median p50 and the range of p50 of one contestant's runs. */
export function repeated(runs: Figures[]): Repeated {
  const sorted = [...runs].sort((a, b) => a.p50 - b.p50);
  return { median: sorted[(sorted.length - 1) >> 1], p50Range: [sorted[0].p50, sorted[sorted.length - 1].p50] };
}

/**
 * Runs every contestant once per repetition, the order rotated from one repetition to the next, so
 * that no contestant always runs first (or last) on a machine whose load drifts during the run.
 */
export async function interleaved<K extends string>(
  contestants: Record<K, () => Promise<Figures>>,
  repetitions: number,
): Promise<Record<K, Repeated>> {
  const names = Object.keys(contestants) as K[];
  const runs = new Map<K, Figures[]>(names.map((n) => [n, []]));
  for (let r = 0; r < repetitions; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length];
      runs.get(name)!.push(await contestants[name]());
    }
  }
  return Object.fromEntries(names.map((name) => [name, repeated(runs.get(name)!)])) as Record<K, Repeated>;
}

/** Each lane's items taken in turn, one of each at a time: any stretch of the result holds about as many of each lane as of the others. */
export function roundRobin<T>(lanes: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (let i = 0; lanes.some((lane) => i < lane.length); i++) for (const lane of lanes) if (i < lane.length) out.push(lane[i]);
  return out;
}
