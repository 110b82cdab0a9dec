import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { timesForgotten } from '../db/kept-across-requests';

/** What one request did, filled in as it runs (operation by the Apollo plugin, caller once loaded) and read when it is answered. */
export interface RequestTrace {
  requestId: string;
  operation: string | null;
  caller: string | null;
  /** The first error code of the answer, if any. */
  code: string | null;
  /** The user errors of a mutation's payload, by code and rule. */
  refusals: { code: string; rule: string | null }[];
  /** Vietnamese when the caller's first language is (Accept-Language: vi): messages are answered in it where the rule gives one. */
  language: 'vi' | 'en';
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The request's id: the caller's `x-request-id` when it is a plain token (a proxy's), else a new one. */
export function traceOf(req: IncomingMessage): RequestTrace {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  const language = /^\s*vi\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'vi' : 'en';
  return { requestId, operation: null, caller: null, code: null, refusals: [], language };
}

/** The pool figures a gauge reads when scraped. */
export interface PoolFigures {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * Prometheus metrics of one server (a registry of its own, so that several servers in one process do
 * not collide): requests by operation and outcome, their latency, refusals by code and rule, the
 * request pool's connections, the live subscriptions listening, how often the values kept across requests were
 * forgotten, and the process's own figures.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'rating_api_requests_total',
    help: 'GraphQL requests by operation and outcome (ok, or the first error code).',
    labelNames: ['operation', 'outcome'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'rating_api_request_duration_seconds',
    help: 'Time to answer a GraphQL request, by operation.',
    labelNames: ['operation'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'rating_api_refusals_total',
    help: 'User errors in mutation payloads, by code and rule.',
    labelNames: ['code', 'rule'],
    registers: [this.registry],
  });

  /** `liveListeners`: the live subscriptions listening on this server's bus (read when scraped). */
  constructor(pool: () => PoolFigures, liveListeners: () => number) {
    new Gauge({
      name: 'rating_api_live_listeners',
      help: 'Live subscriptions set up and listening on this server.',
      registers: [this.registry],
      collect() {
        this.set(liveListeners());
      },
    });
    new Gauge({
      name: 'rating_api_pool_connections',
      help: 'Connections of the request pool: total, idle, and requests waiting for one.',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const p = pool();
        this.set({ state: 'total' }, p.total);
        this.set({ state: 'idle' }, p.idle);
        this.set({ state: 'waiting' }, p.waiting);
      },
    });
    new Gauge({
      name: 'rating_api_kept_values_forgotten',
      help: 'Times this process forgot every value kept across requests (a change heard, the bus reopened, an import or reorganization here).',
      registers: [this.registry],
      collect() {
        this.set(timesForgotten());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** The labelled children of each operation and outcome, made once: labelling by object hashes the labels at every call. */
  private readonly children = new Map<string, { requests: ReturnType<Counter['labels']>; latency: ReturnType<Histogram['labels']> }>();

  observe(trace: RequestTrace, seconds: number): void {
    // Operation names come from clients: an unnamed or odd one is one label, not a label per document.
    const operation = trace.operation && SAFE_ID.test(trace.operation) ? trace.operation : 'anonymous';
    const outcome = trace.code ?? 'ok';
    const key = `${operation} ${outcome}`;
    let child = this.children.get(key);
    if (!child) {
      child = { requests: this.requests.labels(operation, outcome), latency: this.latency.labels(operation) };
      this.children.set(key, child);
    }
    child.requests.inc();
    child.latency.observe(seconds);
    for (const r of trace.refusals) this.refusals.inc({ code: r.code, rule: r.rule ?? 'none' });
  }
}

/** One line of JSON per request on standard output: when, which request, who, what, how it ended, how long, how many statements. */
export function accessLogLine(
  trace: RequestTrace,
  fields: { method: string; path: string; status: number; ms: number; statements: number | null },
): string {
  return JSON.stringify({
    t: new Date().toISOString(),
    requestId: trace.requestId,
    method: fields.method,
    path: fields.path,
    operation: trace.operation,
    caller: trace.caller,
    status: fields.status,
    code: trace.code,
    ms: Math.round(fields.ms * 10) / 10,
    statements: fields.statements,
  });
}

let pending: string[] = [];

/** Writes an access log line; the lines of one turn of the event loop go out in one write. */
export function writeAccessLog(line: string): void {
  if (pending.length === 0) {
    setImmediate(() => {
      const lines = pending;
      pending = [];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  }
  pending.push(line);
}
