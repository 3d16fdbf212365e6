/**
 * The HTTP API (`/api/v1`): Fastify with zod schemas that both validate requests and
 * generate the OpenAPI document, RFC 9457 problems for every error, sessions in HttpOnly
 * SameSite=Strict cookies, API tokens, a rate-limited login and security headers.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { NodeContext } from '../app/node-context.js';
import { AuthService } from '../node/auth.js';
import { WebhookDelivery, type WebhookDeliveryOptions } from '../node/webhook-delivery.js';
import { WebhookTargets } from '../node/webhook-targets.js';
import type { MemberId } from '../record/index.js';
import { SESSION_COOKIE, type HttpDeps } from './context.js';
import { problem, sendProblem } from './problem.js';
import { registerRoutes } from './routes/index.js';
import { FEDERATION_PREFIX, registerFederationRoutes, type FederationHttpOptions } from './federation.js';
import { FederationInbox, Replicator, type ReplicatorOptions } from '../federation/index.js';
import { registerSecurityHeaders } from './security-headers.js';
import type { StreamOptions } from './routes/stream.js';
import { registerWebApp, sendAppShell, wantsAppShell, WEB_DIST } from './web.js';

export interface HttpOptions {
  readonly logLevel?: string;
  /** Largest request body in bytes (default 256 KiB). */
  readonly bodyLimit?: number;
  /**
   * Reverse proxies (addresses or CIDRs) whose X-Forwarded-* headers are believed: the client
   * address the login limit counts, and the scheme that makes the session cookie Secure.
   */
  readonly trustProxy?: readonly string[];
  /** Login attempts, and password changes, per minute per client address (default 10 each). */
  readonly loginRateLimit?: number;
  /** Lower scrypt cost, for tests only. */
  readonly auth?: AuthService;
  /**
   * In-process use by the CLI against a local data directory: every request acts as this
   * member. Whoever can read the data directory holds the keys anyway; never set for a
   * listening server.
   */
  readonly localMember?: string;
  /** Server-Sent Events: heartbeat interval, streams per member. */
  readonly stream?: StreamOptions;
  /**
   * Outbound webhook delivery, started when the server listens and stopped when it closes
   * (an in-process app that never listens sends nothing; its events are enqueued by the next
   * server from the record). `false` turns it off.
   */
  readonly webhooks?: WebhookDeliveryOptions | false;
  /**
   * Which addresses webhooks may reach, checked when an endpoint is created or changed and on
   * every attempt (default: no loopback, link-local or private network).
   */
  readonly webhookTargets?: WebhookTargets;
  /** The built web app to serve at `/` (default web/dist, when built); false serves none. */
  readonly webRoot?: string | false;
  /** Serve HTTPS with this PEM certificate chain and key (`PARLEY_TLS_CERT`, `PARLEY_TLS_KEY`). */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
  /** Node-to-node endpoints under /federation/v1 (signed requests from pinned peers only). */
  readonly federation?: FederationHttpOptions;
  /**
   * Replication with pinned peers (push, catch-up pull, checkpoint witnessing), started when
   * the server listens and stopped when it closes; `false` turns it off.
   */
  readonly replication?: ReplicatorOptions | false;
}

export async function buildHttpApp(ctx: NodeContext, options: HttpOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    ...(options.trustProxy && options.trustProxy.length > 0 ? { trustProxy: [...options.trustProxy] } : {}),
    genReqId: () => crypto.randomUUID(),
    // Path parameters up to well past the schemas' limits (200) reach zod, which answers a
    // problem naming the field; the router's default (100) answered a bare, non-RFC 9457 414.
    routerOptions: { maxParamLength: 1000 },
    // HTTPS changes only the listening socket; the app is typed as the plain-HTTP one.
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key } } as object : {}),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Parley API', version: '1', description: 'Dialogues, working groups, meetings, commitments and the shared signed record.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });

  const auth = options.auth ?? new AuthService({ store: ctx.store, privates: ctx.store.privates, clock: ctx.node.clock, members: ctx.node });
  const deps: HttpDeps = { ctx, auth };

  app.decorateRequest('credential', undefined);
  app.addHook('onRequest', async (request) => {
    if (options.localMember !== undefined) {
      const member = await ctx.store.member(options.localMember as MemberId);
      if (!member) throw Object.assign(new Error(`no member ${options.localMember} on this node`), { statusCode: 404, code: 'MEMBER_NOT_FOUND' });
      request.credential = { member, via: 'session', scopes: ['read', 'write'] };
      return;
    }
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.credential = await auth.fromToken(header.slice(7).trim());
      if (!request.credential) throw Object.assign(new Error('invalid or revoked API token'), { statusCode: 401, code: 'UNAUTHENTICATED' });
      return;
    }
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) request.credential = await auth.fromSession(secret);
    // Cross-site request forgery: cookies are SameSite=Strict, API writes must be JSON or
    // text/csv (neither can be sent cross-site without a CORS preflight, which we never
    // grant; other content types are refused with 415), and a browser's Origin, when sent,
    // must be this host ("null", from a sandboxed or file page, is not).
    const origin = request.headers.origin;
    if (request.credential && request.method !== 'GET' && request.method !== 'HEAD' && origin) {
      const host = request.headers.host;
      if (!host || originHost(origin) !== host) {
        throw Object.assign(new Error('cross-origin request refused'), { statusCode: 403, code: 'CROSS_ORIGIN' });
      }
    }
  });

  // Bulk commitment updates arrive as CSV text. Fastify's built-in text/plain parser goes:
  // text/plain is what a cross-site form or simple fetch can send (the federation routes
  // parse their own bodies).
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, error));
  const web = options.webRoot === false ? false : await registerWebApp(app, options.webRoot ?? WEB_DIST);
  app.setNotFoundHandler((request, reply) => {
    if (web && wantsAppShell(request)) return sendAppShell(reply);
    return reply.status(404).type('application/problem+json').send({ ...problem(404, 'route_not_found', `no route ${request.method} ${request.url}`), instance: request.url });
  });

  const webhookTargets = options.webhookTargets ?? new WebhookTargets();
  await app.register(async (api) => registerRoutes(api, deps, { ...options, webhookTargets }), { prefix: '/api/v1' });
  const inbox = new FederationInbox(ctx.node);
  await app.register(async (federation) => registerFederationRoutes(federation, ctx, { inbox, ...options.federation }), { prefix: FEDERATION_PREFIX });
  if (options.webhooks !== false && options.localMember === undefined) {
    const delivery = new WebhookDelivery({ store: ctx.store, live: ctx.node.live, clock: ctx.node.clock }, { targets: webhookTargets, ...options.webhooks });
    app.addHook('onListen', async () => { await delivery.start(); });
    app.addHook('onClose', async () => { await delivery.stop(); });
  }
  if (options.replication !== false && options.localMember === undefined) {
    const replicator = new Replicator(
      { name: ctx.name, keys: ctx.keys, store: ctx.store, records: ctx.records, clock: ctx.node.clock, live: ctx.node.live, inbox, node: ctx.node },
      {
        onError: (peer, error) => app.log.warn({ peer, err: error instanceof Error ? error.message : String(error) }, 'federation: peer round failed'),
        onRefused: (peer, dialogue, refused) => app.log.warn({ peer, dialogue, refused },
          `federation: ${peer} refused ${refused.length} event(s) of this node; its operator sees why with parley peer inbox, and --retry takes them in once fixed`),
        ...options.replication,
      },
    );
    app.addHook('onListen', async () => { replicator.start(); });
    app.addHook('onClose', async () => { await replicator.stop(); });
  }
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

/** The host of an Origin header, or undefined when it is not a URL (`null`, say). */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
