/**
 * What route handlers get: the node, the auth service, and helpers that turn a request
 * into an authenticated member acting in a dialogue their party belongs to.
 */
import type { FastifyRequest } from 'fastify';
import type { NodeContext } from '../app/node-context.js';
import { forbidden, notFound, type Actor, type Role } from '../domain/index.js';
import type { AuthService, Credential } from '../node/auth.js';
import type { DialogueRecord } from '../node/index.js';
import type { DialogueId } from '../record/index.js';
import { HttpProblem, problem } from './problem.js';

export interface HttpDeps {
  readonly ctx: NodeContext;
  readonly auth: AuthService;
}

declare module 'fastify' {
  interface FastifyRequest {
    credential: Credential | undefined;
  }
}

export const SESSION_COOKIE = 'parley_session';
/** A browser the member logged in from before (AuthService.login); sent only to the login route. */
export const DEVICE_COOKIE = 'parley_device';

/**
 * The authenticated member, or a 401 problem. An API token must have the scope of the
 * request's method: `read` for GET and HEAD, `write` for everything else (sessions have both).
 */
export function requireCredential(request: FastifyRequest): Credential {
  const credential = request.credential;
  if (!credential) throw new HttpProblem(problem(401, 'unauthenticated', 'log in or send an API token (Authorization: Bearer …)'));
  const reading = request.method === 'GET' || request.method === 'HEAD';
  if (!credential.scopes.includes(reading ? 'read' : 'write')) {
    throw forbidden('token_scope', reading ? 'this API token may only write' : 'this API token may only read');
  }
  return credential;
}

/**
 * Refuses an API token where only a person logged in may act (`doing`: what, e.g. "create
 * tokens"): what would let a token outlive or widen itself — new tokens, passwords, members.
 */
export function requireSession(request: FastifyRequest, doing: string): void {
  if (requireCredential(request).via !== 'session') throw forbidden('session_required', `${doing} from a logged-in session, not with a token`);
}

/** The member as an actor; writes need a session or a token with the write scope. */
export function actorOf(request: FastifyRequest, options: { write: boolean }): Actor {
  const credential = requireCredential(request);
  if (options.write && !credential.scopes.includes('write')) {
    throw forbidden('token_scope', 'this API token may only read');
  }
  const { member } = credential;
  return { party: member.party, member: member.id, roles: member.roles as readonly Role[] };
}

/** The dialogue, if the member's party is a party to it; otherwise 404 (its existence is not revealed). */
export async function dialogueFor(deps: HttpDeps, request: FastifyRequest, id: string): Promise<DialogueRecord> {
  const credential = requireCredential(request);
  const dialogue = await deps.ctx.node.dialogue(id as DialogueId).catch(() => undefined);
  if (!dialogue || !dialogue.parties.includes(credential.member.party)) {
    throw notFound('dialogue_not_found', `no dialogue ${id}`, 'dialogue');
  }
  return dialogue;
}
