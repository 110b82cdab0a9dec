import { Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** The tracer of the API: a no-op until `startTracing` registers a provider. */
const tracer = () => trace.getTracer('rating-api');
let enabled = false;
let flush: (() => Promise<void>) | null = null;

/** Sends the spans not yet exported and stops tracing (a server's last step before it exits). */
export async function stopTracing(): Promise<void> {
  await flush?.();
}

/** Runs `run` in a span named `name` (a child of the active one) when traces are on; otherwise just runs it (`attributes` made only then, when a function). */
export function inSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Record<string, string | number> | (() => Record<string, string | number>),
  run: (span: Span | null) => Promise<T>,
): Promise<T> {
  if (!enabled) return run(null);
  const given = typeof attributes === 'function' ? attributes() : attributes;
  return tracer().startActiveSpan(name, { kind, attributes: given }, async (span) => {
    try {
      return await run(span);
    } catch (e) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
      throw e;
    } finally {
      span.end();
    }
  });
}

export { SpanKind, SpanStatusCode };

/**
 * OpenTelemetry traces when configured: `OTEL_EXPORTER_OTLP_ENDPOINT` (an OTLP/HTTP collector), or an
 * exporter given by a test. A span per GraphQL request (its operation, caller, outcome, request id) with a
 * child span per SQL statement; nothing is recorded, and almost nothing spent, when it is not configured.
 */
export function startTracing(options: { endpoint?: string | null; exporter?: SpanExporter }): { shutdown(): Promise<void> } | null {
  if (!options.exporter && !options.endpoint) return null;
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${(options.endpoint as string).replace(/\/$/, '')}/v1/traces` }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'rating-api' }),
    spanProcessors: [processor],
  });
  provider.register();
  enabled = true;
  flush = async () => {
    enabled = false;
    flush = null;
    await provider.shutdown();
  };
  return { shutdown: stopTracing };
}
