// Bad input on every write endpoint of the OpenAPI document: a body of the wrong type, an
// unknown field, malformed JSON and an unknown id each get a 4xx RFC 9457 problem naming the
// field or the reason — and the record (its log size and root) is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialogueId } from '../../src/record/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let writes: Array<{ method: string; path: string }> = [];
/** GET paths whose lists page with an `after` cursor. */
let paged: string[] = [];
beforeAll(async () => {
  t = await startTestApp();
  const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
  };
  writes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).filter((m) => ['post', 'put', 'patch'].includes(m)).map((method) => ({ method: method.toUpperCase(), path })));
  paged = Object.entries(doc.paths)
    .filter(([path, methods]) => !path.includes('{id}') && methods['get']?.parameters?.some((p) => p.in === 'query' && p.name === 'after'))
    .map(([path]) => path);
});
afterAll(async () => { await t.close(); });

const concrete = (path: string) => path.replace('{dialogue}', DIALOGUE).replace('{id}', 'no-such-id');

async function recordState() {
  const log = await t.ctx.store.log(DIALOGUE as DialogueId);
  return `${log.size}:${log.root.toString('base64')}`;
}

describe('bad input on every write endpoint', () => {
  it('covers the write endpoints of the API', () => {
    expect(writes.length).toBeGreaterThan(35);
  });

  it('wrong body types, unknown fields, malformed JSON and unknown ids are 4xx problems and change nothing', async () => {
    const member = 'aurelia-principal';
    const cookie = await t.cookie(member);
    const failures: string[] = [];
    const before = await recordState();
    for (const { method, path } of writes) {
      if (path === '/api/v1/session') continue; // the login body is covered in api.int.test.ts
      const url = concrete(path);
      const isCsv = path.endsWith('.csv');
      const attempts: Array<[string, { payload: string; contentType: string }]> = [
        ['wrong type', { payload: isCsv ? 'not,a,commitments,file\n1,2,3,4' : '[1, 2, 3]', contentType: isCsv ? 'text/csv' : 'application/json' }],
        ['malformed JSON', { payload: '{"a": ', contentType: 'application/json' }],
        ['unknown field', { payload: JSON.stringify({ surely_not_a_field: true }), contentType: 'application/json' }],
      ];
      for (const [name, { payload, contentType }] of attempts) {
        const response = await t.app.inject({ method: method as 'POST', url, headers: { cookie, 'content-type': contentType }, payload });
        const ok = response.statusCode >= 400 && response.statusCode < 500 && String(response.headers['content-type']).includes('application/problem+json');
        const problem = ok ? (response.json() as { detail?: string; code?: string; errors?: unknown[] }) : undefined;
        if (!ok || !problem?.code || !problem.detail) {
          failures.push(`${method} ${path} (${name}): ${response.statusCode} ${response.body.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await recordState()).toBe(before);
  });

  it('an unknown list cursor (`?after=`) is 400 naming it, on every paged list', async () => {
    expect(paged.length).toBeGreaterThan(5);
    const failures: string[] = [];
    for (const path of paged) {
      // The audit log is its party's admins' alone.
      const member = path === '/api/v1/audit' ? 'aurelia-admin' : 'aurelia-principal';
      const response = await t.request(member, 'GET', `${concrete(path)}?after=no-such-cursor`);
      const problem = response.json() as { errors?: Array<{ field: string }> };
      if (response.statusCode !== 400 || problem.errors?.[0]?.field !== 'querystring.after') {
        failures.push(`GET ${path}?after=no-such-cursor: ${response.statusCode} ${response.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('an unknown id in the path is 404 naming it, for every action on an item', async () => {
    const failures: string[] = [];
    const before = await recordState();
    for (const { method, path } of writes.filter((w) => w.path.includes('{id}'))) {
      if (path.includes('readout-drafts')) continue; // a draft id is chosen by its author (PUT creates it)
      const member = path.startsWith('/api/v1/members') ? 'aurelia-admin' : 'aurelia-principal';
      const response = await t.request(member, method, concrete(path), {});
      if (![400, 404].includes(response.statusCode)) failures.push(`${method} ${path}: ${response.statusCode} ${response.body.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    expect(await recordState()).toBe(before);
  });
});
