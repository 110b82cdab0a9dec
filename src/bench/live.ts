import fs from 'node:fs';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Figures, percentiles } from './measure';

const rssMb = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

/** `expected`: the deliveries the subscribers' memberships call for; a subscriber holding a post reads more, so more may arrive. */
export interface LiveFigures {
  delivery: Figures;
  subscribers: number;
  delivered: number;
  expected: number;
  rssBeforeMb: number;
  rssAfterMb: number;
}

/** The live subscriptions listening on the server at `url` (its `ws://…/graphql`), from its metrics. */
async function listening(url: string): Promise<number> {
  const text = await (await fetch(url.replace(/^ws/, 'http').replace(/\/graphql$/, '/metrics'))).text();
  return Number(/^rating_api_live_listeners (\d+)$/m.exec(text)?.[1] ?? 0);
}

/**
 * Subscribers on one server, each a person of their own on a socket of their own, every one listening
 * to `ratingStageChanged` in the cycle; then each decision, one after another, and the time from
 * sending it to each of its events arriving (p50, p95) at the subscribers whose scope (a unit path)
 * holds the rating's; with the server's resident memory before the sockets opened and once they listen.
 */
export async function measureLiveDelivery(options: {
  url: string;
  pid: number;
  cycle: string;
  subscribers: { token: string; scope: string }[];
  /** Each decision: its rating's global id (the events' `rating`), its unit path, and the request that takes it. */
  decisions: { rating: string; path: string; decide: () => Promise<void> }[];
}): Promise<LiveFigures> {
  const rssBeforeMb = rssMb(options.pid);
  const before = await listening(options.url);
  const clients: Client[] = [];
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let ready = 0;
  const query = `subscription($c: String!) { ratingStageChanged(cycle: $c) { rating stage } }`;
  for (const s of options.subscribers) {
    {
      const client = createClient({
        url: options.url,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams: { authorization: `Bearer ${s.token}` },
      });
      clients.push(client);
      client.subscribe(
        { query, variables: { c: options.cycle } },
        {
          next: (v) => {
            const event = (v.data as { ratingStageChanged?: { rating: string; stage: string } } | undefined)?.ratingStageChanged;
            const at = event?.stage === 'DECIDED' ? sent.get(event.rating) : undefined;
            if (at !== undefined) latencies.push(performance.now() - at);
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
      client.on('connected', () => {
        ready += 1;
      });
    }
  }
  const total = clients.length;
  const deadline = Date.now() + 60_000;
  while (ready < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // The sockets are acknowledged; their subscriptions are set up (one scoped read each) a moment later, which the server's
  // metrics tell: a subscriber not listening yet when its branch's first decision is taken would miss it.
  while ((await listening(options.url)) < before + total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const rssAfterMb = rssMb(options.pid);
  let expected = 0;
  for (const d of options.decisions) {
    // Known before it is sent: an event may reach a subscriber before the decision's own answer reaches the client.
    sent.set(d.rating, performance.now());
    await d.decide();
    expected += options.subscribers.filter((s) => d.path.startsWith(s.scope)).length;
  }
  const settle = Date.now() + 10_000;
  while (latencies.length < expected && Date.now() < settle) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(clients.map((c) => c.dispose()));
  const none = { p50: NaN, p95: NaN, p99: NaN };
  return {
    delivery: {
      rps: 0,
      ...(latencies.length ? percentiles(latencies) : none),
      errors: Math.max(0, expected - latencies.length),
      requests: latencies.length,
    },
    subscribers: total,
    delivered: latencies.length,
    expected,
    rssBeforeMb,
    rssAfterMb,
  };
}
