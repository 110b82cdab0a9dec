import { GraphQLError } from 'graphql';

/** Stable error codes carried in `extensions.code`. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'SERVICE_UNAVAILABLE'
  | 'STATEMENT_BUDGET_EXCEEDED'
  | 'TOO_MANY_SUBSCRIPTIONS';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, BAD_REQUEST: 400, SERVICE_UNAVAILABLE: 503 };

export function apiError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, { extensions: { code, ...extra, ...(status ? { http: { status } } : {}) } });
}

export const badInput = (message: string, figures: Record<string, unknown>, field?: string) =>
  apiError('BAD_USER_INPUT', message, { figures, ...(field ? { field } : {}) });
