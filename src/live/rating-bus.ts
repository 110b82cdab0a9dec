import { Client } from 'pg';
import { forgetKept } from '../db/kept-across-requests';

/** What a replica hears of a committed change to a rating (migration 0024): where it is, never what it says. */
export interface RatingEvent {
  cycle: string;
  rating: string;
  kind: string;
  path: string;
  stage: string;
  authority: string | null;
  office: string | null;
  peerGroup: string | null;
}

const CHANNEL = 'rating_events';
/** The matrix changed somewhere (migration 0025): the rows this replica kept are forgotten. */
const MATRIX_CHANNEL = 'matrix_changed';

/** How often the LISTEN connection is asked a `SELECT 1`, and how long its answer may take before the connection is taken as lost. */
export interface Heartbeat {
  everyMs: number;
  answerWithinMs: number;
}

/**
 * One LISTEN connection per replica, fanned out to its subscribers in process (and to the matrix cache): the API stays stateless,
 * PostgreSQL carries the events between replicas. A lost connection is reopened (after 1 s, then up to
 * 30 s apart); events committed while it was down are not replayed — a screen that reconnects reads afresh. A connection
 * that stops answering without closing (a half-open TCP connection tells nothing for hours) is lost too, found by the
 * heartbeat: the values kept across requests rest on hearing every change.
 */
export class RatingBus {
  private client: Client | null = null;
  private readonly listeners = new Set<(e: RatingEvent) => void>();
  private stopped = false;
  private retryMs = 1000;
  /** The next heartbeat, due once the last was answered. */
  private beating: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly heartbeat: Heartbeat = { everyMs: 30_000, answerWithinMs: 10_000 },
    private readonly applicationName = 'rating-live',
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: this.applicationName });
    client.on('notification', (n) => {
      if (n.channel === MATRIX_CHANNEL) return forgetKept();
      if (n.channel !== CHANNEL || !n.payload) return;
      const event = JSON.parse(n.payload) as RatingEvent;
      for (const listener of this.listeners) listener(event);
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      await client.query(`LISTEN ${MATRIX_CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    this.client = client;
    this.retryMs = 1000;
    this.nextBeat(client);
    // What was kept while no notification could be heard may be stale.
    forgetKept();
  }

  private nextBeat(client: Client): void {
    this.beating = setTimeout(() => this.beat(client), this.heartbeat.everyMs).unref();
  }

  /** Asks the connection a `SELECT 1`: unanswered in time, it is lost; answered, the next beat is due. */
  private beat(client: Client): void {
    const late = setTimeout(() => this.lost(client), this.heartbeat.answerWithinMs).unref();
    client.query('SELECT 1').then(
      () => {
        clearTimeout(late);
        // A late answer of a connection already replaced (or a bus stopped) says nothing of the one in use.
        if (this.client === client) this.nextBeat(client);
      },
      () => undefined,
    );
  }

  private lost(dead: Client): void {
    if (this.client !== dead) return;
    this.client = null;
    clearTimeout(this.beating);
    dead.end().catch(() => undefined);
    this.scheduleStart();
  }

  private scheduleStart(): void {
    if (this.stopped) return;
    setTimeout(() => {
      if (this.stopped) return;
      this.start().catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
        this.scheduleStart();
      });
    }, this.retryMs).unref();
  }

  /** Calls `listener` with every event until the returned function is called. */
  listen(listener: (e: RatingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listeners.clear();
    clearTimeout(this.beating);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
