import type { Config } from '../config';
import type { Ctx } from '../context';
import type { RatingBus, RatingEvent } from './rating-bus';

/**
 * The context of a subscription: who subscribed (from the token given when the socket connected) and
 * a way to read as them. Nothing is read outside `scoped`, which opens a request session of its own —
 * the caller's scope on a connection of the API pool, under row-level security — and closes it after:
 * a subscriber holds no connection between events.
 */
export interface LiveCtx {
  subject: string;
  config: Config;
  bus: RatingBus;
  scoped<T>(run: (ctx: Ctx) => Promise<T>): Promise<T>;
  /**
   * `scoped(run)` once per event, subscriber and `key`: the screens one person keeps open on the same
   * thing share one read of each event (the same scope gives the same answer).
   */
  once<T>(event: RatingEvent, key: string, run: (ctx: Ctx) => Promise<T>): Promise<T>;
}

/** The scope prefixes row-level security set for the caller (api_enter): every row they may read lies under one. */
export async function scopePrefixes(ctx: Ctx): Promise<string[]> {
  const [{ p }] = await ctx.session.em.query(`SELECT current_setting('app.scope_prefixes', true)::text[] AS p`);
  return p ?? [];
}

/**
 * The events of the bus that `keep` accepts, as an async iterable; the listener is removed when the
 * subscriber leaves. At most `limit` events wait: a subscriber that cannot keep up loses the oldest,
 * as a live screen wants the latest state, not a backlog.
 */
export function eventsOf(bus: RatingBus, keep: (e: RatingEvent) => boolean, limit = 1000): AsyncIterableIterator<RatingEvent> {
  const queue: RatingEvent[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const stop = bus.listen((e) => {
    if (!keep(e)) return;
    queue.push(e);
    if (queue.length > limit) queue.shift();
    wake?.();
  });
  const finish = async (): Promise<IteratorResult<RatingEvent>> => {
    done = true;
    stop();
    wake?.();
    return { value: undefined, done: true };
  };
  return {
    [Symbol.asyncIterator]() { return this; },
    async next(): Promise<IteratorResult<RatingEvent>> {
      while (!done && queue.length === 0) await new Promise<void>((resolve) => { wake = resolve; });
      wake = null;
      if (done) return { value: undefined, done: true };
      return { value: queue.shift() as RatingEvent, done: false };
    },
    return: finish,
    throw: async (e: unknown) => { await finish(); throw e; },
  };
}

/**
 * Wakes the subscriber when an event `keep` accepts arrives or every `everyMs`, whichever comes first;
 * wake-ups that arrive while the subscriber is busy count as one.
 */
export function wakeUps(bus: RatingBus, keep: (e: RatingEvent) => boolean, everyMs: number): AsyncIterableIterator<void> {
  let pending = false;
  let wake: (() => void) | null = null;
  let done = false;
  const signal = () => { pending = true; wake?.(); };
  const stop = bus.listen((e) => { if (keep(e)) signal(); });
  const timer = setInterval(signal, everyMs);
  const finish = async (): Promise<IteratorResult<void>> => {
    done = true;
    stop();
    clearInterval(timer);
    wake?.();
    return { value: undefined, done: true };
  };
  return {
    [Symbol.asyncIterator]() { return this; },
    async next(): Promise<IteratorResult<void>> {
      while (!done && !pending) await new Promise<void>((resolve) => { wake = resolve; });
      wake = null;
      pending = false;
      return done ? { value: undefined, done: true } : { value: undefined, done: false };
    },
    return: finish,
    throw: async (e: unknown) => { await finish(); throw e; },
  };
}

/**
 * A stream for a subscriber: `first` values, then `read(event)` for each event of `source` (events read
 * as null are skipped). Leaving ends `source` at once — an async generator would wait for the next event
 * before running its cleanup, and keep its listener until then.
 */
export function streamOf<E, T>(source: AsyncIterableIterator<E>, read: (e: E) => Promise<T | null>, first: T[] = []): AsyncIterableIterator<T> {
  const queued = [...first];
  const it: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]() { return it; },
    async next(): Promise<IteratorResult<T>> {
      if (queued.length) return { value: queued.shift() as T, done: false };
      for (;;) {
        const e = await source.next();
        if (e.done) return { value: undefined, done: true };
        const value = await read(e.value);
        if (value !== null) return { value, done: false };
      }
    },
    return: async () => {
      await source.return?.();
      return { value: undefined, done: true };
    },
  };
  return it;
}
