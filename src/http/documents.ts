import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { IdentityProviderUnavailable, TokenError, TokenVerifier } from '../auth/tokens';
import type { Config } from '../config';
import { asCaller, Ctx, requirePolicy } from '../context';
import { RequestSession } from '../db/request-session';
import { FormModel } from '../documents/form-model';
import { KIND_VI } from '../documents/labels';
import { reRatingDecisionForm, residenceFeedbackForm, selfAssessmentForm, voteMinutesForm } from '../documents/rating-forms';
import { formDocx } from '../documents/render-docx';
import { formPdf } from '../documents/render-pdf';
import { streamTableWorkbook, summaryWorkbook } from '../documents/spreadsheets';
import { SUBJECT_KINDS, isSubjectKind } from '../model/kinds';
import { csvLines, toCsv } from '../reports/csv';
import { DELEGATED_DECISION_CSV_HEADERS } from '../reports/delegated-decisions';
import { summaryCsv, summaryRows } from '../reports/summary-table';
import { delegatedDecisionRows } from '../resolvers/report-resolver';
import { dbIdOf } from '../schema/global-id';
import { unstorable } from './unstorable-text';
import type { RequestTrace } from './observability';

const TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

class DocumentError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The client went away during a download: nothing to answer, nothing to log. */
class DownloadAbandoned extends Error {}

/** Resolves once what was written so far has gone out (at once if nothing waits), or fails if the client has left. */
function drained(res: ServerResponse): Promise<void> {
  if (res.destroyed) return Promise.reject(new DownloadAbandoned());
  if (!res.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (gone: boolean) => {
      res.off('drain', onDrain).off('close', onClose);
      if (gone) reject(new DownloadAbandoned());
      else resolve();
    };
    const onDrain = () => done(false);
    const onClose = () => done(true);
    res.on('drain', onDrain).on('close', onClose);
  });
}

function send(res: ServerResponse, name: string, ext: string, body: Buffer | string): void {
  startDownload(res, name, ext);
  res.end(body);
}

/** The headers of a file download: its type, not kept by caches, its name in ASCII and in UTF-8. */
function startDownload(res: ServerResponse, name: string, ext: string): void {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\w.-]+/g, '-');
  res.writeHead(200, {
    'content-type': TYPES[ext],
    'cache-control': 'private, no-store',
    'content-disposition': `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${name}.${ext}`)}`,
  });
}

async function renderForm(form: FormModel | null, ext: string): Promise<{ name: string; body: Buffer }> {
  if (!form)
    throw new DocumentError(404, 'NOT_FOUND', 'no such document: the rating does not exist, is outside your scope, or has no such form');
  return { name: form.fileName, body: ext === 'pdf' ? await formPdf(form) : await formDocx(form) };
}

const FORMS = {
  form: selfAssessmentForm,
  're-rating': reRatingDecisionForm,
  'residence-feedback': residenceFeedbackForm,
  'vote-minutes': voteMinutesForm,
};

const param = (url: URL, name: string) => {
  const v = url.searchParams.get(name);
  if (!v) throw new DocumentError(400, 'BAD_USER_INPUT', `${name} is required`);
  return v;
};

/** The documents a caller downloads, by path; everything is read through the caller's scope, as over GraphQL. */
async function serve(ctx: Ctx, url: URL, res: ServerResponse): Promise<void> {
  for (const [name, value] of url.searchParams)
    if (unstorable(value)) throw new DocumentError(400, 'BAD_USER_INPUT', `${name}: holds a NUL character, which cannot be stored`);
  const rating = /^\/documents\/ratings\/([\w-]+)\/(form|re-rating|residence-feedback|vote-minutes)\.(docx|pdf)$/.exec(url.pathname);
  if (rating) {
    const id = dbIdOf(rating[1], 'Rating', 'rating');
    const form = await FORMS[rating[2] as keyof typeof FORMS](ctx, id);
    const { name, body } = await renderForm(form, rating[3]);
    return send(res, name, rating[3], body);
  }
  const table = /^\/documents\/(summary|delegated-decisions)\.(xlsx|csv)$/.exec(url.pathname);
  if (!table) throw new DocumentError(404, 'NOT_FOUND', 'no such document (see docs/api-guide.md, "Documents")');
  const cycle = param(url, 'cycle');
  const subjects = await requirePolicy(ctx).cycle(ctx.session.em, cycle);
  const [{ name: cycleName }] = await ctx.session.em.query<{ name: string }[]>(`SELECT name FROM cycle WHERE id = $1`, [subjects.cycleId]);
  if (table[1] === 'delegated-decisions') {
    const pages = delegatedDecisionRows(ctx, cycle, url.searchParams.get('within'), ctx.config.documentPageRows);
    // The first page is read before any byte is sent: a refusal is still a JSON answer with its status.
    const first = await pages.next();
    const all = async function* () {
      if (!first.done) yield first.value;
      yield* pages;
    };
    startDownload(res, `kiem-tra-quyet-dinh-uy-quyen-${cycle}`, table[2]);
    if (table[2] === 'xlsx') {
      const title = `Các quyết định theo ủy quyền — ${cycleName}`;
      await streamTableWorkbook(res, 'Quyết định ủy quyền', title, DELEGATED_DECISION_CSV_HEADERS, all(), () => drained(res));
      return;
    }
    res.write(toCsv(DELEGATED_DECISION_CSV_HEADERS, []));
    for await (const rows of all()) {
      res.write(csvLines(rows));
      await drained(res);
    }
    res.end();
    return;
  }
  const kind = param(url, 'kind');
  if (!isSubjectKind(kind)) throw new DocumentError(400, 'BAD_USER_INPUT', `kind: one of ${SUBJECT_KINDS.join(', ')}`);
  const [root] = await ctx.session.em.query<{ id: string; name: string; code: string; path: string }[]>(
    `SELECT id::text AS id, name, code, path FROM unit WHERE id = $1`,
    [dbIdOf(param(url, 'within'), 'Unit', 'within')],
  );
  if (!root) throw new DocumentError(400, 'BAD_USER_INPUT', 'within: no such unit');
  const rows = await summaryRows(
    ctx.session.em,
    subjects,
    root,
    kind,
    url.searchParams.get('regroupOnToday') === 'true' ? null : subjects.referenceDate,
  );
  const names = new Map<string, string>(
    (
      await ctx.session.em.query<{ id: string; name: string }[]>(`SELECT id::text AS id, name FROM unit WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.unitId),
      ])
    ).map((u: { id: string; name: string }) => [u.id, u.name]),
  );
  const named = rows.map((r) => ({ ...r, unitName: names.get(r.unitId) ?? r.unitId }));
  const name = `tong-hop-${KIND_VI[kind]}-${root.code}-${cycle}`;
  return send(
    res,
    name,
    table[2],
    table[2] === 'csv' ? summaryCsv(named) : await summaryWorkbook(named, { cycleName, kind, within: root.name }),
  );
}

/** GET /documents/…: the caller's bearer token, a request session in their scope, the file or a JSON error (401, 400, 404). */
export async function handleDocument(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  trace: RequestTrace,
  deps: { api: DataSource; owner: DataSource; config: Config; tokens: TokenVerifier },
): Promise<void> {
  const fail = (status: number, code: string, message: string) => {
    trace.code = code;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  };
  if (req.method !== 'GET') return fail(405, 'BAD_REQUEST', 'documents are fetched with GET');
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return fail(401, 'UNAUTHENTICATED', 'A bearer token is required: Authorization: Bearer <token>');
  let subject: string;
  try {
    subject = await deps.tokens.verify(m[1]);
  } catch (e) {
    if (e instanceof TokenError) return fail(401, 'UNAUTHENTICATED', `Invalid token: ${e.message}`);
    if (e instanceof IdentityProviderUnavailable)
      return fail(503, 'SERVICE_UNAVAILABLE', 'The identity provider is unavailable; try again shortly');
    throw e;
  }
  try {
    trace.operation = url.pathname;
    await asCaller(new RequestSession(deps.api, deps.owner, deps.config.statementBudget), deps.config, subject, trace, (ctx) =>
      serve(ctx, url, res),
    );
  } catch (e) {
    if (e instanceof DownloadAbandoned) return;
    // Part of a file was sent: the connection is cut, so that the client cannot take the part for the whole.
    if (res.headersSent) {
      res.destroy();
      throw e;
    }
    if (e instanceof DocumentError) return fail(e.status, e.code, e.message);
    if (e instanceof GraphQLError && typeof e.extensions.code === 'string') {
      const code = e.extensions.code;
      return fail(code === 'NOT_FOUND' ? 404 : code === 'FORBIDDEN' ? 403 : code === 'UNAUTHENTICATED' ? 401 : 400, code, e.message);
    }
    throw e;
  }
}
