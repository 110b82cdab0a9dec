/**
 * Values this replica keeps across requests (a cycle's matrix rows, units by code, the rule packs in force, whether
 * a unit moved since a past cycle's reference date, tokens verified, the rows covering subjects alike, which roster a
 * body's ballots count):
 * a request runs one statement (or one verification) fewer for each. Every store is forgotten at once by `forgetKept()` — when any
 * replica changes the tree, the matrix or a locality's rule parameters (the `matrix_changed` notification of
 * migrations 0025 and 0034, heard by the rating bus),
 * when the bus reconnects or stops answering its heartbeat (notifications may have been missed meanwhile), when this
 * replica imports or reorganizes — and each value in any case after `ttlMs`: ten minutes unless the store says less.
 * Reading them again after a minute cost the first request after a pause 15–25 ms (docs/performance.md, session 44).
 */
const MOST = 10_000;
const stores = new Set<Map<string, { value: unknown; at: number }>>();
let forgotten = 0;

export class KeptAcrossRequests<V> {
  private readonly kept = new Map<string, { value: V; at: number }>();

  /** `most`: the values kept at once, the oldest forgotten first beyond it (10,000 unless the store says less). */
  constructor(
    private readonly ttlMs = 600_000,
    private readonly most = MOST,
  ) {
    stores.add(this.kept);
  }

  get(key: string): V | null {
    const hit = this.kept.get(key);
    return hit && Date.now() - hit.at < this.ttlMs ? hit.value : null;
  }

  set(key: string, value: V): void {
    if (this.kept.size >= this.most) this.kept.delete(this.kept.keys().next().value as string);
    this.kept.set(key, { value, at: Date.now() });
  }
}

/** Forgets every value kept across requests, in every store. */
export function forgetKept(): void {
  forgotten += 1;
  for (const store of stores) store.clear();
}

/** How many times this process forgot what it kept (a metric: a replica that forgets often reads more per request). */
export function timesForgotten(): number {
  return forgotten;
}
