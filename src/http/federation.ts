/**
 * `/federation/v1`: node-to-node endpoints (docs/federation.md). Every request must carry an
 * RFC 9421 signature by the note key of a pinned peer (keyid = its node name) over
 * @method, @target-uri and content-digest, created within 5 minutes, with a nonce not used
 * before; anything else is answered 401 before a handler runs, so it changes nothing. Every
 * response, errors included, is signed by this node's note key and bound to the request it
 * answers (its method, target URI and nonce).
 * Bodies are read as bytes (the digest covers them as sent) and capped by size.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { NodeContext } from '../app/node-context.js';
import {
  FederationProblem, FederationServer, HttpSignatureError, MAX_PULL_LIMIT, MAX_PUSH_EVENTS, headerLookup, requestNonce, signResponse,
  type EventIngest,
} from '../federation/index.js';
import { problem, toProblem, type ProblemDocument } from './problem.js';

export const FEDERATION_PREFIX = '/federation/v1';

export interface FederationHttpOptions {
  /** Largest request body in bytes (default 4 MiB: a batch of pushed events). */
  readonly bodyLimit?: number;
  /** Receives pushed events (FederationInbox); without it a push answers 503. */
  readonly inbox?: EventIngest;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The pinned peer whose signature verified (federation routes only). */
    federationPeer: string | undefined;
  }
}

const Index = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const PullQuery = z.strictObject({ from: Index.default(0), limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(500) });
const ConsistencyQuery = z.strictObject({ from: Index, to: Index.optional() });
const DialogueParams = z.strictObject({ dialogue: z.string().min(1).max(200) });
const PushBody = z.strictObject({ events: z.array(z.unknown()).max(MAX_PUSH_EVENTS) });

/**
 * The `@target-uri` a request to this node must have been signed for: its configured URL and
 * the request's path. Without one, the address the connection arrived at — never the `Host`
 * header, which the sender chooses: a request a peer signed for another node that pins the
 * same peer could otherwise be delivered here once, with that node's `Host`.
 */
export function targetUri(url: string | undefined, request: Pick<FastifyRequest, 'url' | 'socket'>): string {
  if (url !== undefined) return `${url}${request.url}`;
  // The connection's own scheme too: with trustProxy, request.protocol is X-Forwarded-Proto,
  // a proxy's word about a URL this node cannot know without its configured one.
  const scheme = (request.socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http';
  const address = (request.socket.localAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  const host = address.includes(':') ? `[${address}]` : address;
  const port = request.socket.localPort;
  const defaultPort = scheme === 'https' ? 443 : 80;
  return `${scheme}://${host}${port === undefined || port === defaultPort ? '' : `:${port}`}${request.url}`;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = [where, ...issue.path].join('.');
  throw new FederationProblem(400, 'invalid_request', `${field}: ${issue.message}`, field);
}

function problemOf(error: unknown): ProblemDocument {
  if (error instanceof HttpSignatureError) return problem(401, error.code, error.message);
  if (error instanceof FederationProblem) {
    return problem(error.status, error.code, error.message, error.field ? { errors: [{ field: error.field, reason: error.message }] } : {});
  }
  return toProblem(error);
}

export async function registerFederationRoutes(app: FastifyInstance, ctx: NodeContext, options: FederationHttpOptions = {}): Promise<void> {
  const server = new FederationServer({ name: ctx.name, keys: ctx.keys, clock: ctx.node.clock, store: ctx.store, records: ctx.records, live: ctx.node.live, node: ctx.node });
  const noteKey = ctx.keys.noteKey();

  app.decorateRequest('federationPeer', undefined);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimit ?? 4 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  // Authenticate before any handler: the signature, its freshness, the pinned key, the
  // digest, then the nonce's first use.
  app.addHook('preHandler', async (request) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    request.federationPeer = await server.authenticate({ method: request.method, targetUri: targetUri(ctx.url, request), headers: headerLookup(request.headers), body });
  });

  // Sign every response, errors included, bound to the request it answers (echoing its nonce).
  app.addHook('onSend', async (request, reply, payload) => {
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : payload === null || payload === undefined ? '' : undefined;
    if (body === undefined) return payload;
    const answered = { method: request.method, targetUri: targetUri(ctx.url, request), nonce: requestNonce(headerLookup(request.headers)) };
    const headers = signResponse({
      status: reply.statusCode, body, request: answered,
      keyid: ctx.name, key: noteKey, created: Math.floor(ctx.node.clock.now().getTime() / 1000),
    });
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    return payload;
  });

  app.setErrorHandler((error, request, reply) => {
    const document = problemOf(error);
    if (document.status >= 500) request.log.error({ err: error }, 'federation: internal error');
    return reply.status(document.status).type('application/problem+json').send(JSON.stringify({ ...document, instance: request.url }));
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).type('application/problem+json')
    .send(JSON.stringify({ ...problem(404, 'route_not_found', `no route ${request.method} ${request.url}`), instance: request.url })));

  const json = (reply: FastifyReply, value: unknown) => reply.type('application/json').send(JSON.stringify(value));
  const peerOf = (request: FastifyRequest) => request.federationPeer!;

  app.post('/dialogues/:dialogue/events', async (request, reply) => {
    const { dialogue } = parse(DialogueParams, request.params, 'params');
    let value: unknown;
    try {
      value = JSON.parse(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '');
    } catch {
      throw new FederationProblem(400, 'malformed_json', 'body: is not valid JSON', 'body');
    }
    const { events } = parse(PushBody, value, 'body');
    const inbox = options.inbox;
    if (inbox === undefined) throw new FederationProblem(503, 'ingest_unavailable', 'this node does not take pushed events');
    return json(reply, await server.push(peerOf(request), dialogue, events, inbox));
  });

  app.get('/dialogues/:dialogue/events', async (request, reply) => {
    const { dialogue } = parse(DialogueParams, request.params, 'params');
    const query = parse(PullQuery, request.query, 'query');
    return json(reply, await server.events(peerOf(request), dialogue, query.from, query.limit));
  });

  app.get('/dialogues/:dialogue/checkpoint', async (request, reply) => {
    const { dialogue } = parse(DialogueParams, request.params, 'params');
    return json(reply, await server.checkpoint(peerOf(request), dialogue));
  });

  app.get('/dialogues/:dialogue/consistency', async (request, reply) => {
    const { dialogue } = parse(DialogueParams, request.params, 'params');
    const query = parse(ConsistencyQuery, request.query, 'query');
    return json(reply, await server.consistency(peerOf(request), dialogue, query.from, query.to));
  });

  app.get('/dialogues/:dialogue/state-digest', async (request, reply) => {
    const { dialogue } = parse(DialogueParams, request.params, 'params');
    return json(reply, await server.stateDigest(peerOf(request), dialogue));
  });

  app.post('/add-checkpoint', { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
    const result = await server.addCheckpoint(peerOf(request), body);
    if (result.status === 200) return reply.type('text/plain; charset=utf-8').send(result.cosignatures);
    if (result.status === 409 && result.code === 'old_size_mismatch') {
      return reply.status(409).type('text/x.tlog.size').send(`${result.knownSize}\n`);
    }
    const extra = result.status === 409 ? { knownSize: result.knownSize } : {};
    return reply.status(result.status).type('application/problem+json')
      .send(JSON.stringify({ ...problem(result.status, result.code, result.detail), ...extra, instance: request.url }));
  });
}
