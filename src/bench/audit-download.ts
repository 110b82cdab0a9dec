import { Figures, percentiles } from './measure';

/**
 * The audit of delegated decisions downloaded whole as CSV by `headers`' caller (a province's Organization Commission
 * staff: the province's decisions), three times one after the other: the times, and the file's rows and size. The rows
 * are counted from the file's line ends (no field of the audit holds one).
 */
export async function auditDownload(
  graphqlUrl: string,
  cycle: string,
  headers: Record<string, string>,
): Promise<{ figures: Figures; rows: number; megabytes: number }> {
  const url = `${graphqlUrl.replace(/\/graphql$/, '')}/documents/delegated-decisions.csv?cycle=${encodeURIComponent(cycle)}`;
  const times: number[] = [];
  let file = Buffer.alloc(0);
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`the audit download failed: ${res.status} ${await res.text()}`);
    file = Buffer.from(await res.arrayBuffer());
    times.push(performance.now() - started);
  }
  let lines = 0;
  for (let at = file.indexOf(10); at !== -1; at = file.indexOf(10, at + 1)) lines++;
  const p = percentiles(times);
  return {
    figures: { rps: Math.round((1000 / Math.max(p.p50, 1)) * 100) / 100, ...p, errors: 0, requests: times.length },
    rows: lines - 1,
    megabytes: Math.round(file.length / 1e4) / 100,
  };
}
