/**
 * Optimistic concurrency for private resources without a version of their own (a party's
 * members, its webhook endpoints): the ETag is a hash of what the client sees and edits, and a
 * change sent with If-Match is refused when the resource no longer hashes to it. The record's
 * aggregates use their version instead (aggregate-routes.ts).
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpProblem, problem } from './problem.js';

/** The ETag of a presented resource: a hash of its JSON (the same presentation, the same tag). */
export function contentEtag(presented: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(presented)).digest('base64url').slice(0, 22)}"`;
}

/** The request's If-Match, trimmed; undefined when it sent none. */
export function ifMatchOf(request: FastifyRequest): string | undefined {
  const header = request.headers['if-match'];
  return header === undefined ? undefined : String(header).trim();
}

/** 412: the `what` changed since the client read the ETag it sent. */
export function changedSinceRead(what: string): HttpProblem {
  return new HttpProblem(problem(412, 'precondition_failed', `the ${what} changed since you read it; read it again and redo your change`, {
    errors: [{ field: 'If-Match', reason: 'is not the current ETag' }],
  }));
}
