// A node with the demo dialogue behind the HTTP API, for integration tests: every member of
// both parties can log in (password `test-password-<id>`), plus a member of a third party
// that is not in the dialogue. scrypt runs at a low cost here only.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { importScenario } from '../../src/app/import-scenario.js';
import { initNode, openNode, type NodeContext } from '../../src/app/node-context.js';
import { buildHttpApp } from '../../src/http/app.js';
import { WebhookTargets } from '../../src/node/webhook-targets.js';
import { AuthService } from '../../src/node/auth.js';
import type { Clock } from '../../src/node/index.js';
import type { MemberId, PartyId } from '../../src/record/index.js';
import { parseScenario } from '../../src/scenario/index.js';
import { createTestSchema, dropTestSchema, TEST_POSTGRES_URL } from '../../src/store/testing/postgres-schema.js';

export const TEST_COST = { N: 1024, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const DIALOGUE = 'pacific-channels';
export const password = (member: string) => `test-password-${member}`;

export interface TestApp {
  readonly app: FastifyInstance;
  readonly ctx: NodeContext;
  readonly members: string[];
  /** Session cookie header for a member. */
  cookie(member: string): Promise<string>;
  request(member: string | null, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  logSize(): Promise<number>;
  close(): Promise<void>;
}

/**
 * `allowPrivateNetworks`: networks webhooks may reach (the node setting); tests whose receiver
 * listens on 127.0.0.1 opt in, the rest run with the production default that refuses it.
 */
export async function startTestApp(options: { loginRateLimit?: number; engine?: 'sqlite' | 'postgres'; clock?: Clock; allowPrivateNetworks?: string[] } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-http-'));
  const schema = options.engine === 'postgres' ? await createTestSchema() : undefined;
  const databaseUrl = schema ? `${TEST_POSTGRES_URL}${TEST_POSTGRES_URL.includes('?') ? '&' : '?'}schema=${schema}` : undefined;
  await (await initNode({ dataDir: dir, name: 'http.test', databaseUrl })).close();
  const scenario = parseScenario(readFileSync('scenarios/demo.yaml', 'utf8'));
  const members = scenario.parties.flatMap((p) => p.members.map((m) => m.id));
  await importScenario(dir, {
    ...scenario,
    parties: scenario.parties.map((p) => ({ ...p, members: p.members.map((m) => ({ ...m, password: password(m.id) })) })),
  });
  const ctx = await openNode(dir, options.clock ? { clock: options.clock } : {});
  const auth = new AuthService({ store: ctx.store, privates: ctx.store.privates, clock: ctx.node.clock, cost: TEST_COST, members: ctx.node });
  // A third party with an admin, not a party to the demo dialogue.
  await ctx.node.hostParty('cygnus' as PartyId, { en: 'Cygnus' });
  await ctx.node.addMember({ id: 'cygnus-admin' as MemberId, party: 'cygnus' as PartyId, name: 'Cygnus admin', roles: ['admin', 'principal'] });
  await auth.setPassword('cygnus-admin' as MemberId, password('cygnus-admin'));
  members.push('cygnus-admin');

  const app = await buildHttpApp(ctx, {
    logLevel: 'silent', auth, loginRateLimit: options.loginRateLimit ?? 10_000, webhookTargets: new WebhookTargets(options.allowPrivateNetworks ?? []),
  });
  const cookies = new Map<string, string>();
  const cookie = async (member: string) => {
    const known = cookies.get(member);
    if (known) return known;
    const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { member, password: password(member) } });
    if (response.statusCode !== 200) throw new Error(`login ${member}: ${response.statusCode} ${response.body}`);
    const header = String(response.headers['set-cookie']).split(';')[0]!;
    cookies.set(member, header);
    return header;
  };
  return {
    app, ctx, members, cookie,
    async request(member, method, url, body, headers = {}) {
      return app.inject({
        method: method as 'GET', url,
        headers: { ...(member ? { cookie: await cookie(member) } : {}), ...headers },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
    },
    async logSize() {
      return (await ctx.store.log(DIALOGUE as never)).size;
    },
    async close() {
      await app.close();
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
      if (schema) await dropTestSchema(schema);
    },
  };
}
