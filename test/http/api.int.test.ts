// The HTTP API's behaviour: login, sessions and tokens, working groups across both
// parties, bad input as RFC 9457 problems that change nothing, ETags, OpenAPI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/http/app.js';
import { SECURITY_HEADERS } from '../../src/http/security-headers.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t.close(); });

const wgUrl = `/api/v1/dialogues/${DIALOGUE}/working-groups`;
const mandate = { title: { en: 'Air safety' }, goals: [{ en: 'Agree a notification procedure for air intercepts' }] };
/** A session of its own (not the harness's cached one, which a password change would end). */
const freshCookie = async (member: string) => {
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { member, password: `test-password-${member}` } });
  return String(login.headers['set-cookie']).split(';')[0]!;
};

describe('sessions and tokens', () => {
  it('a wrong password is 401 and sets no cookie', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { member: 'aurelia-delegate', password: 'wrong password!' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('the session cookie is HttpOnly and SameSite=Strict, and security headers are set', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { member: 'boreas-delegate', password: 'test-password-boreas-delegate' } });
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('every security header is sent on successes, problems and unknown routes alike', async () => {
    const responses = [
      await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { member: 'boreas-delegate', password: 'test-password-boreas-delegate' } }),
      await t.app.inject({ method: 'GET', url: wgUrl }),
      await t.app.inject({ method: 'GET', url: '/api/v1/no-such-route' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 401, 404]);
    for (const response of responses) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers[name], name).toBe(value);
    }
    expect(SECURITY_HEADERS['content-security-policy']).toBe(
      "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;" +
      "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests",
    );
    expect(Object.keys(SECURITY_HEADERS)).toHaveLength(12);
  });

  it('a logged-out session cookie no longer works (replay after logout)', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { member: 'aurelia-notetaker', password: 'test-password-aurelia-notetaker' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(200);
    await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('an API token acts as its member; a read-only token cannot write; a revoked or forged token is 401', async () => {
    const created = await t.request('aurelia-delegate', 'POST', '/api/v1/tokens', { name: 'script', scopes: ['read'] });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json() as { token: string; id: string };
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: bearer });
    expect(me.json()).toMatchObject({ member: { id: 'aurelia-delegate', party: 'aurelia' }, via: 'token' });
    const write = await t.app.inject({ method: 'POST', url: wgUrl, headers: bearer, payload: { mandate, coChair: 'x' } });
    expect(write.statusCode).toBe(403);
    const listed = await t.request('aurelia-delegate', 'GET', '/api/v1/tokens');
    expect(JSON.stringify(listed.json())).not.toContain(token.slice(-43)); // the secret (the id may contain '_' too)
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${forged}` } })).statusCode).toBe(401);
    expect((await t.request('boreas-admin', 'DELETE', `/api/v1/tokens/${id}`)).statusCode).toBe(403);
    expect((await t.request('aurelia-delegate', 'DELETE', `/api/v1/tokens/${id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: bearer })).statusCode).toBe(401);
  });

  it('a password change ends the member\'s sessions and tokens at once, though they were just used (and cached)', async () => {
    const cookie = await freshCookie('boreas-notetaker');
    const token = ((await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie }, payload: { name: 'script', scopes: ['read', 'write'] } })).json() as { token: string }).token;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const put = (payload: object) => t.app.inject({ method: 'PUT', url: '/api/v1/members/boreas-notetaker/password', headers: { cookie }, payload });
    // Your own password needs the current one: a session left open is not enough.
    const missing = await put({ password: 'a new long password for boreas' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'current_password_missing', errors: [{ field: 'currentPassword' }] });
    const wrong = await put({ password: 'a new long password for boreas', currentPassword: 'not the password' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'current_password_wrong' });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(200);
    const changed = await put({ password: 'test-password-boreas-notetaker', currentPassword: 'test-password-boreas-notetaker' });
    expect(changed.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it("a token cannot set a password (it would become a session); an admin resets a member's password from a session, ending their credentials", async () => {
    const cookie = await freshCookie('aurelia-observer');
    const token = ((await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie }, payload: { name: 'script', scopes: ['write'] } })).json() as { token: string }).token;
    const byToken = await t.app.inject({
      method: 'PUT', url: '/api/v1/members/aurelia-observer/password', headers: { authorization: `Bearer ${token}` },
      payload: { password: 'taken over by a script', currentPassword: 'test-password-aurelia-observer' },
    });
    expect(byToken.statusCode).toBe(403);
    expect(byToken.json()).toMatchObject({ code: 'session_required' });
    const adminToken = ((await t.request('aurelia-admin', 'POST', '/api/v1/tokens', { name: 'admin script', scopes: ['write'] })).json() as { token: string }).token;
    const resetByToken = await t.app.inject({ method: 'PUT', url: '/api/v1/members/aurelia-observer/password', headers: { authorization: `Bearer ${adminToken}` }, payload: { password: 'reset by a script' } });
    expect(resetByToken.json()).toMatchObject({ code: 'session_required' });
    const reset = await t.request('aurelia-admin', 'PUT', '/api/v1/members/aurelia-observer/password', { password: 'test-password-aurelia-observer' });
    expect(reset.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: wgUrl, headers: { authorization: `Bearer ${token}` }, payload: { mandate, coChair: 'x' } })).statusCode).toBe(401);
    // Another party's admin cannot reset it: the member is not in their party.
    expect((await t.request('boreas-admin', 'PUT', '/api/v1/members/aurelia-observer/password', { password: 'test-password-aurelia-observer' })).statusCode).toBe(404);
  });

  it('a token has the scope of the method: read for GET, write for the rest (revoking a token included)', async () => {
    const make = async (scopes: string[]) => ((await t.request('aurelia-admin', 'POST', '/api/v1/tokens', { name: scopes.join('+'), scopes })).json() as { token: string; id: string });
    const reader = await make(['read']);
    const writer = await make(['write']);
    const victim = await make(['read', 'write']);
    const as = (token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    const revokeByReader = await as(reader.token, 'DELETE', `/api/v1/tokens/${victim.id}`);
    expect(revokeByReader.statusCode).toBe(403);
    expect(revokeByReader.json()).toMatchObject({ code: 'token_scope' });
    expect((await as(victim.token, 'GET', '/api/v1/session')).statusCode).toBe(200);
    const readByWriter = await as(writer.token, 'GET', `/api/v1/dialogues/${DIALOGUE}/private-notes`);
    expect(readByWriter.statusCode).toBe(403);
    expect(readByWriter.json()).toMatchObject({ code: 'token_scope' });
    expect((await as(reader.token, 'GET', `/api/v1/dialogues/${DIALOGUE}/private-notes`)).statusCode).toBe(200);
    expect((await as(writer.token, 'DELETE', `/api/v1/tokens/${victim.id}`)).statusCode).toBe(204);
  });

  it('a role change applies to a session in use at once', async () => {
    const cookie = await t.cookie('aurelia-observer');
    const before = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect(before.json().member.roles).toEqual(['observer']);
    const patched = await t.request('aurelia-admin', 'PATCH', '/api/v1/members/aurelia-observer', { roles: ['observer', 'notetaker'] });
    expect(patched.statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect(after.json().member.roles).toEqual(['observer', 'notetaker']);
    await t.request('aurelia-admin', 'PATCH', '/api/v1/members/aurelia-observer', { roles: ['observer'] });
  });

  it("two admins changing one member: the second change, made on what it read before the first, is refused with 412 (If-Match)", async () => {
    const url = '/api/v1/members/aurelia-notetaker';
    const read = await t.request('aurelia-admin', 'GET', url);
    expect(read.statusCode).toBe(200);
    const etag = String(read.headers.etag);
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const first = await t.request('aurelia-admin', 'PATCH', url, { name: 'Aurelia note-taker, maritime (fictional)' }, { 'if-match': etag });
    expect(first.statusCode, first.body).toBe(200);
    const second = await t.request('aurelia-admin', 'PATCH', url, { roles: ['observer'] }, { 'if-match': etag });
    expect(second.statusCode).toBe(412);
    expect(second.json()).toMatchObject({ code: 'precondition_failed', errors: [{ field: 'If-Match' }] });
    expect((await t.request('aurelia-admin', 'GET', url)).json()).toMatchObject({ name: 'Aurelia note-taker, maritime (fictional)', roles: ['notetaker'] });
    expect((await t.request('aurelia-admin', 'GET', url)).headers.etag).toBe(first.headers.etag);
    // Another party's members do not see it.
    expect((await t.request('boreas-admin', 'GET', url)).statusCode).toBe(404);
  });

  it('a write from another origin with a session cookie is refused (CSRF)', async () => {
    const before = await t.logSize();
    const response = await t.request('aurelia-delegate', 'POST', wgUrl, { mandate, coChair: 'x' }, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    // A sandboxed frame or a file page sends `Origin: null`.
    const opaque = await t.request('aurelia-delegate', 'POST', wgUrl, { mandate, coChair: 'x' }, { origin: 'null' });
    expect(opaque.statusCode).toBe(403);
    expect(opaque.json()).toMatchObject({ code: 'cross_origin' });
    // A form or a simple cross-site fetch can send text/plain without a preflight: not accepted.
    const plain = await t.app.inject({
      method: 'POST', url: wgUrl, headers: { cookie: await t.cookie('aurelia-delegate'), 'content-type': 'text/plain' }, payload: JSON.stringify({ mandate, coChair: 'x' }),
    });
    expect(plain.statusCode).toBe(415);
    const csv = await t.app.inject({
      method: 'POST', url: `/api/v1/dialogues/${DIALOGUE}/commitments.csv`, headers: { cookie: await t.cookie('aurelia-delegate'), 'content-type': 'text/plain' }, payload: 'id,progress\n',
    });
    expect(csv.statusCode).toBe(415);
    expect(await t.logSize()).toBe(before);
  });
});

describe('working groups across both parties', () => {
  it('given a proposal by Aurelia, when Boreas\'s principal accepts the same id, then the group is active; a stale ETag is 412', async () => {
    const proposed = await t.request('aurelia-delegate', 'POST', wgUrl, { mandate, coChair: 'aurelia-delegate' });
    expect(proposed.statusCode).toBe(201);
    const group = proposed.json() as { id: string; status: string; version: number; state: { proposedBy: string } };
    expect(group).toMatchObject({ status: 'proposed', state: { proposedBy: 'aurelia' } });
    expect(proposed.headers.etag).toBe(`"${group.version}"`);

    const seen = await t.request('boreas-delegate', 'GET', `${wgUrl}/${group.id}`);
    expect(seen.json()).toMatchObject({ id: group.id, status: 'proposed' });

    const stale = await t.request('boreas-principal', 'POST', `${wgUrl}/${group.id}/accept`, { proposal: group.id, coChair: 'boreas-delegate' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);

    const accepted = await t.request('boreas-principal', 'POST', `${wgUrl}/${group.id}/accept`, { proposal: group.id, coChair: 'boreas-delegate' }, { 'if-match': proposed.headers.etag as string });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'active', state: { coChairs: { aurelia: 'aurelia-delegate', boreas: 'boreas-delegate' } } });

    const list = await t.request('aurelia-observer', 'GET', `${wgUrl}?status=active`);
    expect((list.json() as { items: { id: string }[] }).items.map((i) => i.id)).toContain(group.id);
  });
});

describe('bad input changes nothing and names the field', () => {
  const cases: Array<[string, string, string, unknown, number, string | RegExp]> = [
    ['wrong type', 'POST', wgUrl, { mandate: { ...mandate, goals: 'all of them' }, coChair: 'x' }, 400, 'mandate.goals'],
    ['missing field', 'POST', wgUrl, { mandate }, 400, 'coChair'],
    ['unknown field', 'POST', wgUrl, { mandate, coChair: 'x', extra: 1 }, 400, /^extra /],
    ['unknown query parameter', 'GET', `${wgUrl}?workingGroup=x`, undefined, 400, /^querystring\.workingGroup /],
    ['empty goals', 'POST', wgUrl, { mandate: { ...mandate, goals: [] }, coChair: 'x' }, 400, 'mandate.goals'],
    ['unknown id', 'POST', `${wgUrl}/nope/accept`, { proposal: 'nope', coChair: 'x' }, 404, 'id'],
    ['unknown dialogue', 'POST', '/api/v1/dialogues/nope/working-groups', { mandate, coChair: 'x' }, 404, 'dialogue'],
  ];
  it.each(cases)('%s → %i problem naming the field', async (_name, method, url, body, status, field) => {
    const before = await t.logSize();
    const response = await t.request('aurelia-principal', method, url, body);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const problem = response.json() as { code: string; errors?: { field: string }[]; detail: string };
    const fields = (problem.errors ?? []).map((e) => e.field).join(' ') + ' ' + problem.detail;
    expect(fields).toMatch(field);
    expect(await t.logSize()).toBe(before);
  });

  it('malformed JSON → 400 malformed_json; oversized body → 413; nothing changes', async () => {
    const before = await t.logSize();
    const cookie = await t.cookie('aurelia-principal');
    const malformed = await t.app.inject({ method: 'POST', url: wgUrl, headers: { cookie, 'content-type': 'application/json' }, payload: '{"mandate": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'malformed_json' });
    const huge = await t.app.inject({ method: 'POST', url: wgUrl, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ mandate: { title: { en: 'x'.repeat(300_000) }, goals: [] }, coChair: 'x' }) });
    expect(huge.statusCode).toBe(413);
    expect(await t.logSize()).toBe(before);
  });

  it('an action out of order (accepting an active group) → 409 and nothing changes', async () => {
    const groups = (await t.request('aurelia-principal', 'GET', `${wgUrl}?status=active`)).json() as { items: { id: string }[] };
    const before = await t.logSize();
    const response = await t.request('boreas-principal', 'POST', `${wgUrl}/${groups.items[0]!.id}/accept`, { proposal: groups.items[0]!.id, coChair: 'x' });
    expect(response.statusCode).toBe(409);
    expect(await t.logSize()).toBe(before);
  });
});

describe('OpenAPI', () => {
  it('is served as OpenAPI 3.1 and documents the routes with their request schemas', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/dialogues/{dialogue}/working-groups']?.post?.requestBody).toBeDefined();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(15);
  });
});

describe('login rate limit', () => {
  it('after the allowed attempts per minute, further logins are refused with 429 — even with the right password', async () => {
    const limited = await startTestApp({ loginRateLimit: 3 });
    try {
      const attempt = (password: string) => limited.app.inject({ method: 'POST', url: '/api/v1/session', payload: { member: 'aurelia-admin', password } });
      for (let i = 0; i < 3; i++) expect((await attempt('wrong password, attempt')).statusCode).toBe(401);
      const blocked = await attempt('test-password-aurelia-admin');
      expect(blocked.statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('behind a trusted reverse proxy, the forwarded client address is what the login limit counts, and an https proxy makes the cookie Secure', async () => {
    const proxied = await buildHttpApp(t.ctx, { logLevel: 'silent', loginRateLimit: 2, trustProxy: ['127.0.0.1'], webRoot: false, webhooks: false, replication: false });
    try {
      const attempt = (client: string, password = 'wrong password') => proxied.inject({
        method: 'POST', url: '/api/v1/session', payload: { member: 'aurelia-notetaker', password },
        remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client, 'x-forwarded-proto': 'https' },
      });
      expect((await attempt('203.0.113.1')).statusCode).toBe(401);
      expect((await attempt('203.0.113.1')).statusCode).toBe(401);
      expect((await attempt('203.0.113.1')).statusCode).toBe(429);
      // Another client behind the same proxy has its own allowance.
      const other = await attempt('203.0.113.2', 'test-password-aurelia-notetaker');
      expect(other.statusCode).toBe(200);
      expect(String(other.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await proxied.close();
    }
    // Without the setting, the same headers are ignored: the cookie is not marked Secure over plain HTTP.
    const direct = await t.app.inject({
      method: 'POST', url: '/api/v1/session', payload: { member: 'aurelia-notetaker', password: 'test-password-aurelia-notetaker' },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(String(direct.headers['set-cookie'])).not.toMatch(/; Secure/);
  });

  it('after 5 failed logins for one member, from any address, the next is 429 login_throttled with Retry-After', async () => {
    const attempt = (password: string, address: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { member: 'boreas-admin', password }, remoteAddress: address });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password, attempt', `192.0.2.${i + 1}`)).statusCode).toBe(401);
    const throttled = await attempt('test-password-boreas-admin', '198.51.100.7');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json()).toMatchObject({ code: 'login_throttled', retryAfterSeconds: expect.any(Number) as number });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(throttled.headers['set-cookie']).toBeUndefined();
  });

  it('a login sets a device cookie for the login route only; with it the member logs in while others\' failures throttle their id', async () => {
    const login = (password: string, address: string, cookies?: Record<string, string>) => t.app.inject({
      method: 'POST', url: '/api/v1/session', payload: { member: 'boreas-observer', password }, remoteAddress: address, ...(cookies ? { cookies } : {}),
    });
    const first = await login('test-password-boreas-observer', '192.0.2.50');
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'parley_device');
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/session' });
    expect(device!.maxAge).toBeGreaterThan(30 * 24 * 3600);
    for (let i = 0; i < 5; i++) expect((await login('a guess, attempt', `198.51.100.${i + 1}`)).statusCode).toBe(401);
    expect((await login('test-password-boreas-observer', '192.0.2.50')).statusCode).toBe(429);
    const again = await login('test-password-boreas-observer', '192.0.2.50', { parley_device: device!.value });
    expect(again.statusCode).toBe(200);
    expect(again.cookies.find((c) => c.name === 'parley_session')?.value).toBeTruthy();
  });
});
