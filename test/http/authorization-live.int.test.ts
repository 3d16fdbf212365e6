// The authorization matrix for live delivery: the SSE stream (over a real loopback socket,
// since a stream never ends by itself) and every webhook route × every member of both
// parties, a member of a third party and no one. Webhooks are their party's admins' alone:
// another party's members get 404 whatever their roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { runMatrix, type Route } from './matrix.js';
import { SseClient } from './sse-client.js';

let t: TestApp;
let matrixApp: TestApp;
let hook = '';
let doomed = '';
const d = `/api/v1/dialogues/${DIALOGUE}`;

beforeAll(async () => {
  t = await startTestApp();
  const create = async () => ((await t.request('aurelia-admin', 'POST', '/api/v1/webhooks', { url: 'https://pager.invalid/hook' })).json() as { id: string }).id;
  hook = await create();
  doomed = await create();
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  // Streams are opened on the socket and closed as soon as their status is known.
  matrixApp = {
    ...t,
    async request(member, method, url, body, headers = {}) {
      if (!url.includes('/stream')) return t.request(member, method, url, body, headers);
      const stream = await SseClient.open(`${base}${url}`, { ...(member ? { cookie: await t.cookie(member) } : {}), ...headers });
      stream.close();
      return { statusCode: stream.status, body: '' } as Awaited<ReturnType<TestApp['request']>>;
    },
  };
});
afterAll(async () => { await t.close(); });

const ROUTES: Route[] = [
  { method: 'GET', url: () => `${d}/stream`, access: 'dialogue_read' },
  { method: 'GET', url: () => `${d}/stream?after=-1&types=message.`, access: 'dialogue_read' },
  { method: 'GET', url: () => '/api/v1/webhooks', access: { action: 'webhook.manage' } },
  { method: 'POST', url: () => '/api/v1/webhooks', body: () => ({ url: 'https://pager.invalid/hook', types: ['hotline.'] }), access: { action: 'webhook.manage' } },
  { method: 'GET', url: () => `/api/v1/webhooks/${hook}`, access: { action: 'webhook.manage', party: 'aurelia', hidden: true } },
  { method: 'PATCH', url: () => `/api/v1/webhooks/${hook}`, body: () => ({ enabled: false }), access: { action: 'webhook.manage', party: 'aurelia', hidden: true } },
  { method: 'POST', url: () => `/api/v1/webhooks/${hook}/rotate-secret`, body: () => ({}), access: { action: 'webhook.manage', party: 'aurelia', hidden: true } },
  { method: 'GET', url: () => `/api/v1/webhooks/${hook}/deliveries`, access: { action: 'webhook.manage', party: 'aurelia', hidden: true } },
  { method: 'DELETE', url: () => `/api/v1/webhooks/${doomed}`, access: { action: 'webhook.manage', party: 'aurelia', hidden: true } },
];

describe('authorization matrix: live delivery', () => {
  it('every route × every actor answers as the policy says', async () => {
    const { failures, checked } = await runMatrix(matrixApp, ROUTES);
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(ROUTES.length * 10);
  });
});
