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

/**
 * Sends `query` as the ward's secretary with request id `id`; its answer's status, the request's span once it has ended
 * (after the answer is sent: the connection goes back to the pool after it), and its SQL spans.
 */
async function traced(query: string, id: string) {
  exporter.reset();
  const res = await postRaw(api.url, JSON.stringify({ query }), {
    authorization: `Bearer ${signDevToken(DEMO.wardSecretary, config)}`,
    'x-request-id': id,
  });
  const ended = () => exporter.getFinishedSpans().find((s) => s.attributes['request.id'] === id);
  const deadline = Date.now() + 5000;
  while (!ended() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const request = ended();
  const sql = exporter.getFinishedSpans().filter((s) => s.name === 'sql' && s.parentSpanContext?.spanId === request?.spanContext().spanId);
  return { status: res.status, request, sql };
}

describe('OpenTelemetry traces, when configured', () => {
  it('records a span per GraphQL request with its operation, caller, outcome and request id, and a child span per SQL statement', async () => {
    const { status, request, sql } = await traced('query WhoAmI { viewer { code } }', 'trace-me-1');
    expect(status).toBe(200);
    expect(request).toBeDefined();
    expect(request!.name).toBe('graphql WhoAmI');
    expect(request!.attributes).toMatchObject({
      'graphql.operation.name': 'WhoAmI',
      'rating.caller': DEMO.wardSecretary,
      'http.response.status_code': 200,
    });
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.every((s) => s.spanContext().traceId === request!.spanContext().traceId)).toBe(true);
    expect(sql.some((s) => String(s.attributes['db.query.text']).includes('api_enter'))).toBe(true);
  });

  it("keeps none of the values a page's read has written into its text", async () => {
    const { status, sql } = await traced('{ units(first: 5, search: "zz tên bí mật") { nodes { code } } }', 'trace-me-2');
    expect(status).toBe(200);
    const texts = sql.map((s) => String(s.attributes['db.query.text']));
    expect(texts.some((t) => /FROM unit/.test(t) && t.includes("'?'"))).toBe(true);
    expect(texts.filter((t) => /bí mật|bi mat/i.test(t))).toEqual([]);
  });
});
