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
  const [{ p }] = await ctx.session.em.query<{ p: string[] | null }[]>(`SELECT current_setting('app.scope_prefixes', true)::text[] AS p`);
  return p ?? [];
}

/**
 * A queue its reader drains as an async iterator: at most `limit` values wait, the oldest dropped (a live
 * screen wants the latest state, not a backlog); `onEnd` runs once when the reader leaves.
 */
function drained<T>(limit: number, onEnd: () => void): { push(value: T): void; iterator: AsyncIterableIterator<T> } {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const finish = async (): Promise<IteratorResult<T>> => {
    if (!done) onEnd();
    done = true;
    wake?.();
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async next(): Promise<IteratorResult<T>> {
      while (!done && queue.length === 0)
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      wake = null;
      if (done) return { value: undefined, done: true };
      return { value: queue.shift() as T, done: false };
    },
    return: finish,
    throw: async (e: unknown) => {
      await finish();
      throw e;
    },
  };
  return {
    push: (value) => {
      queue.push(value);
      if (queue.length > limit) queue.shift();
      wake?.();
    },
    iterator,
  };
}

/** The events of the bus that `keep` accepts, at most `limit` waiting; the listener is removed when the subscriber leaves. */
export function eventsOf(bus: RatingBus, keep: (e: RatingEvent) => boolean, limit = 1000): AsyncIterableIterator<RatingEvent> {
  const q = drained<RatingEvent>(limit, () => stop());
  const stop = bus.listen((e) => {
    if (keep(e)) q.push(e);
  });
  return q.iterator;
}

/**
 * Wakes the subscriber when an event `keep` accepts arrives or every `everyMs`, whichever comes first;
 * wake-ups that arrive while the subscriber is busy count as one.
 */
export function wakeUps(bus: RatingBus, keep: (e: RatingEvent) => boolean, everyMs: number): AsyncIterableIterator<void> {
  const q = drained<void>(1, () => {
    stop();
    clearInterval(timer);
  });
  const stop = bus.listen((e) => {
    if (keep(e)) q.push();
  });
  const timer = setInterval(() => q.push(), everyMs);
  return q.iterator;
}

/**
 * A stream for a subscriber: `first` values, then `read(event)` for each event of `source` (events read
 * as null are skipped). Leaving ends `source` at once — an async generator would wait for the next event
 * before running its cleanup, and keep its listener until then.
 */
export function streamOf<E, T>(
  source: AsyncIterableIterator<E>,
  read: (e: E) => Promise<T | null>,
  first: T[] = [],
): AsyncIterableIterator<T> {
  const queued = [...first];
  const it: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]() {
      return it;
    },
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
