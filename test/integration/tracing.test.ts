import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTracing } from '../../src/http/tracing';
import { DEMO } from '../../src/demo/demo-dataset';
import { signDevToken } from '../../src/auth/tokens';
import { TestApi, config, postRaw, startTestApi } from '../support/api';

const exporter = new InMemorySpanExporter();
let tracing: ReturnType<typeof startTracing>;
let api: TestApi;
beforeAll(async () => {
  tracing = startTracing({ exporter });
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
  await tracing?.shutdown();
});

/** The SQL spans of the traced request `id`, once it has ended. */
async function sqlSpansOf(id: string) {
  const ended = () => exporter.getFinishedSpans().find((s) => s.attributes['request.id'] === id);
  const deadline = Date.now() + 5000;
  while (!ended() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const request = ended();
  return exporter.getFinishedSpans().filter((s) => s.name === 'sql' && s.parentSpanContext?.spanId === request?.spanContext().spanId);
}

describe('OpenTelemetry traces, when configured', () => {
  it('records a span per GraphQL request with its operation, caller, outcome and request id, and a child span per SQL statement', async () => {
    exporter.reset();
    const res = await postRaw(api.url, JSON.stringify({ query: 'query WhoAmI { viewer { code } }' }), {
      authorization: `Bearer ${signDevToken(DEMO.wardSecretary, config)}`,
      'x-request-id': 'trace-me-1',
    });
    expect(res.status).toBe(200);
    // The request's span ends after the answer is sent (the connection goes back to the pool after it).
    const ended = () => exporter.getFinishedSpans().find((s) => s.attributes['request.id'] === 'trace-me-1');
    const deadline = Date.now() + 5000;
    while (!ended() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const spans = exporter.getFinishedSpans();
    const request = ended();
    expect(request).toBeDefined();
    expect(request!.name).toBe('graphql WhoAmI');
    expect(request!.attributes).toMatchObject({
      'graphql.operation.name': 'WhoAmI',
      'rating.caller': DEMO.wardSecretary,
      'http.response.status_code': 200,
    });
    const sql = spans.filter((s) => s.name === 'sql' && s.parentSpanContext?.spanId === request!.spanContext().spanId);
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.every((s) => s.spanContext().traceId === request!.spanContext().traceId)).toBe(true);
    expect(sql.some((s) => String(s.attributes['db.query.text']).includes('api_enter'))).toBe(true);
  });

  it("keeps none of the values a page's read has written into its text", async () => {
    exporter.reset();
    const res = await postRaw(api.url, JSON.stringify({ query: '{ units(first: 5, search: "zz tên bí mật") { nodes { code } } }' }), {
      authorization: `Bearer ${signDevToken(DEMO.wardSecretary, config)}`,
      'x-request-id': 'trace-me-2',
    });
    expect(res.status).toBe(200);
    const texts = (await sqlSpansOf('trace-me-2')).map((s) => String(s.attributes['db.query.text']));
    expect(texts.some((t) => /FROM unit/.test(t) && t.includes("'?'"))).toBe(true);
    expect(texts.filter((t) => /bí mật|bi mat/i.test(t))).toEqual([]);
  });
});
