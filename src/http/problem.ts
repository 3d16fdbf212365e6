/**
 * Errors → RFC 9457 problem documents, in one table. Every problem names its stable `code`
 * and, for bad input, the field at fault (`errors: [{ field, reason }]`).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type DomainErrorKind } from '../domain/index.js';
import { AuthenticationError, LoginThrottledError } from '../node/auth.js';
import { RecordError } from '../record/index.js';
import { StoreError } from '../store/errors.js';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: { field: string; reason: string }[];
  /** With 429: seconds until a retry can succeed (also sent as Retry-After). */
  retryAfterSeconds?: number;
}

/** Domain error kind → HTTP status. */
export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

/** Codes whose status differs from their kind's. */
const STATUS_BY_CODE: Record<string, number> = {
  precondition_failed: 412,
  unauthenticated: 401,
  too_many_requests: 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  412: 'Precondition Failed', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 428: 'Precondition Required',
  429: 'Too Many Requests', 500: 'Internal Server Error',
};

export function problem(status: number, code: string, detail: string, extra: Partial<ProblemDocument> = {}): ProblemDocument {
  return { type: `https://parley.invalid/problems/${code}`, title: TITLES[status] ?? 'Error', status, detail, code, ...extra };
}

/** An error that carries its own problem document (e.g. 401, 412 from the HTTP layer). */
export class HttpProblem extends Error {
  constructor(readonly document: ProblemDocument) {
    super(document.detail);
  }
}

/**
 * Store errors that a request can cause (the rest are faults here: 500). A list's unknown
 * `after` cursor, say, is the client's to fix.
 */
const STORE_ERRORS_FOR_CLIENTS: Readonly<Record<string, { status: number; field?: string }>> = {
  invalid_cursor: { status: 400, field: 'querystring.after' },
  dialogue_not_found: { status: 404 },
};

export function toProblem(error: unknown): ProblemDocument {
  if (error instanceof HttpProblem) return error.document;
  if (error instanceof DomainError) {
    const status = STATUS_BY_CODE[error.code] ?? STATUS_BY_KIND[error.kind];
    return problem(status, error.code, error.message, error.field ? { errors: [{ field: error.field, reason: error.message.replace(`${error.field}: `, '') }] } : {});
  }
  if (error instanceof AuthenticationError) return problem(401, 'unauthenticated', error.message);
  if (error instanceof LoginThrottledError) return problem(429, 'login_throttled', error.message, { retryAfterSeconds: error.retryAfterSeconds });
  if (error instanceof StoreError && error.code in STORE_ERRORS_FOR_CLIENTS) {
    const { status, field } = STORE_ERRORS_FOR_CLIENTS[error.code]!;
    return problem(status, error.code, error.message, field ? { errors: [{ field, reason: error.message }] } : {});
  }
  if (error instanceof RecordError) return problem(422, error.code, error.message);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.flatMap((issue) => {
      const segments = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean);
      const where = error.validationContext === 'body' ? [] : [error.validationContext ?? 'request'];
      const fieldOf = (extra: readonly string[]) => {
        const parts = [...where, ...segments, ...extra];
        return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : `${i ? '.' : ''}${p}`)).join('') || 'body';
      };
      // An unknown key is named itself, one problem each: `querystring.limit`, `body.mandat`.
      const unknown = issue.keyword === 'unrecognized_keys' ? (issue.params as { keys?: unknown }).keys : undefined;
      if (Array.isArray(unknown) && unknown.length > 0) {
        return unknown.map((key) => ({ field: fieldOf([String(key)]), reason: 'is not a known field' }));
      }
      return [{ field: fieldOf([]), reason: issue.message ?? 'is invalid' }];
    });
    return problem(400, 'invalid_request', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), { errors });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return problem(413, 'body_too_large', 'the request body is larger than allowed');
  if (fastifyError?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return problem(415, 'unsupported_media_type', 'send application/json');
  if (fastifyError?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (error instanceof SyntaxError)) {
    return problem(400, 'malformed_json', `body: ${fastifyError.message}`, { errors: [{ field: 'body', reason: 'is not valid JSON' }] });
  }
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
    return problem(fastifyError.statusCode, (fastifyError.code ?? 'bad_request').toLowerCase(), fastifyError.message);
  }
  return problem(500, 'internal_error', 'an internal error occurred; nothing was changed unless a success was returned');
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const document = toProblem(error);
  if (document.status >= 500) request.log.error({ err: error }, 'internal error');
  if (document.retryAfterSeconds !== undefined) reply.header('retry-after', String(document.retryAfterSeconds));
  return reply.status(document.status).type('application/problem+json').send({ ...document, instance: request.url });
}
