// The authorization matrix for live delivery: the SSE stream (over a real loopback socket,
// since a stream never ends by itself) × every member of both parties, a member of a third
// party and no one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';
import { runMatrix, type Route } from './matrix.js';
import { SseClient } from './sse-client.js';

let t: TestApp;
let matrixApp: TestApp;
const d = `/api/v1/dialogues/${DIALOGUE}`;

beforeAll(async () => {
  t = await startTestApp();
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
];

describe('authorization matrix: live delivery', () => {
  it('every route × every actor answers as the policy says', async () => {
    const { failures, checked } = await runMatrix(matrixApp, ROUTES);
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(ROUTES.length * 10);
  });
});
