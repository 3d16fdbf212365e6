// The web app served from the API's origin: the shell and hashed assets with the right
// caching, a CSP that allows only the app's own scripts, a SPA fallback for page URLs that
// never answers for /api/ — and the member's permitted actions, from the server's policy.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/http/app.js';
import { DIALOGUE, startTestApp, type TestApp } from '../http/harness.js';
import { ensureWebBuilt } from './browser.js';

let t: TestApp;
beforeAll(async () => {
  ensureWebBuilt();
  t = await startTestApp();
}, 120_000);
afterAll(async () => { await t.close(); });

const html = { accept: 'text/html,application/xhtml+xml' };
const get = (url: string, headers: Record<string, string> = html) => t.app.inject({ method: 'GET', url, headers });

describe('the web app on the API origin', () => {
  it('serves the shell revalidated each time, with only external same-origin scripts under a CSP without inline script', async () => {
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const scripts = [...response.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/src="\/assets\/[^"]+\.js"/);
  });

  it('serves hashed assets as immutable for a year', async () => {
    const entry = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync('web/dist/index.html', 'utf8'))![1]!;
    const response = await get(entry, { accept: '*/*' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers page URLs with the shell, so the app routes them (deep links, reloads)', async () => {
    for (const url of [`/d/${DIALOGUE}/commitments`, `/d/${DIALOGUE}/working-groups?x=1`, '/anything']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<div id="root">');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('never shadows /api, missing assets or non-page requests: those stay 404 problems', async () => {
    const cases: [string, string, Record<string, string>][] = [
      ['GET', '/api/v1/no-such-route', html], ['GET', '/api', html], ['GET', '/assets/missing.js', html],
      ['GET', '/d/x/record', { accept: 'application/json' }], ['POST', '/d/x/record', html],
    ];
    for (const [method, url, headers] of cases) {
      const response = await t.app.inject({ method: method as 'GET', url, headers });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });

  it('serves no app when told not to (the CLI in-process client)', async () => {
    const bare = await buildHttpApp(t.ctx, { logLevel: 'silent', webRoot: false });
    try {
      const response = await bare.inject({ method: 'GET', url: '/', headers: html });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await bare.close();
    }
  });
});

describe('GET /session lists the actions of the role policy the member may perform', () => {
  const permissions = async (member: string) => (await t.request(member, 'GET', '/api/v1/session')).json().permissions as string[];

  it('a principal agrees and commits; a delegate proposes and delivers but does not agree; an observer does nothing', async () => {
    const principal = await permissions('boreas-principal');
    expect(principal).toEqual(expect.arrayContaining(['working_group.accept', 'working_group.suspend', 'commitment.commit', 'commitment.confirm']));
    expect(principal).not.toContain('member.manage');
    const delegate = await permissions('aurelia-delegate');
    expect(delegate).toEqual(expect.arrayContaining(['working_group.propose', 'working_group.withdraw', 'commitment.deliver', 'commitment.confirm']));
    expect(delegate).not.toContain('working_group.accept');
    expect(delegate).not.toContain('commitment.commit');
    expect(await permissions('aurelia-observer')).toEqual([]);
    const admin = await permissions('aurelia-admin');
    expect(admin).toContain('member.manage');
    expect(admin.filter((a) => a.startsWith('working_group.') || a.startsWith('commitment.'))).toEqual([]);
  });

  it('a read-only API token may perform none', async () => {
    const { token } = (await t.request('aurelia-principal', 'POST', '/api/v1/tokens', { name: 'reader', scopes: ['read'] })).json() as { token: string };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ member: { id: 'aurelia-principal' }, permissions: [] });
  });
});
