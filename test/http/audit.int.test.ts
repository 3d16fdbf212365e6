// A party's private audit log through the HTTP API, on SQLite and PostgreSQL: every
// administrative change (members, roles, passwords, API tokens, webhooks, the escalation
// ladder) writes exactly one entry naming the actor, the target and what changed — never a
// password, token or secret; a refused change writes none. An admin never changes their own
// roles, and the party keeps an admin. Only the party's admins read its entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberId, PartyId } from '../../src/record/index.js';
import { DIALOGUE, startTestApp, type TestApp } from './harness.js';

interface Entry { id: string; party: string; actor: string; action: string; target: string; detail: Record<string, unknown>; at: string }

/** The entries a login or logout writes (the harness logs each member in on first use). */
const SESSION_ACTIONS = ['member.logged_in', 'member.login_failed', 'member.logged_out'];
const changesOnly = (entries: Entry[]) => entries.filter((e) => !SESSION_ACTIONS.includes(e.action));

describe.each(['sqlite', 'postgres'] as const)('the audit log on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ engine }); });
  afterAll(async () => { await t.close(); });

  /** The party's whole log as `admin` reads it, newest first. */
  const log = async (admin = 'aurelia-admin'): Promise<Entry[]> => {
    const response = await t.request(admin, 'GET', '/api/v1/audit?limit=500');
    expect(response.statusCode).toBe(200);
    return (response.json() as { items: Entry[] }).items;
  };
  /**
   * Runs `act`, then returns the entries it added to the party's log — without logins and
   * logouts unless `sessions` (the harness logs a member in when it first acts for them).
   */
  const added = async (act: () => Promise<unknown>, admin = 'aurelia-admin', options: { sessions?: boolean } = {}): Promise<Entry[]> => {
    const before = new Set((await log(admin)).map((e) => e.id));
    await act();
    const entries = (await log(admin)).filter((e) => !before.has(e.id));
    return options.sessions ? entries : changesOnly(entries);
  };
  /** Sends a request that must answer `status`; returns its JSON. */
  const expectStatus = async (status: number, ...args: Parameters<TestApp['request']>): Promise<Record<string, unknown>> => {
    const response = await t.request(...args);
    expect(response.statusCode, response.body).toBe(status);
    return response.body ? response.json() as Record<string, unknown> : {};
  };
  const freshCookie = async (member: string, password = `test-password-${member}`) => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { member, password } });
    expect(login.statusCode).toBe(200);
    return String(login.headers['set-cookie']).split(';')[0]!;
  };

  it('given an admin, when they add a member, rename them, change their roles and reset their password, then each writes one entry (never the password)', async () => {
    const id = `aurelia-clerk-${engine}`;
    const [addedEntry] = await added(() => expectStatus(201, 'aurelia-admin', 'POST', '/api/v1/members', { id, name: 'Clerk', roles: ['observer'], password: 'the clerk password 1' }));
    expect(addedEntry).toMatchObject({ party: 'aurelia', actor: 'aurelia-admin', action: 'member.added', target: id, detail: { name: 'Clerk', roles: ['observer'] } });
    expect(Date.parse(addedEntry!.at)).toBeGreaterThan(0);

    const changes = await added(() => expectStatus(200, 'aurelia-admin', 'PATCH', `/api/v1/members/${id}`, { name: 'Head clerk', roles: ['notetaker', 'observer'] }));
    expect(changes).toEqual([expect.objectContaining({
      actor: 'aurelia-admin', action: 'member.changed', target: id,
      detail: { name: { before: 'Clerk', after: 'Head clerk' }, roles: { before: ['observer'], after: ['notetaker', 'observer'] } },
    })]);
    // The same roles in another order, the same name: nothing changed, nothing logged.
    expect(await added(() => expectStatus(200, 'aurelia-admin', 'PATCH', `/api/v1/members/${id}`, { name: 'Head clerk', roles: ['observer', 'notetaker'] }))).toEqual([]);

    // The clerk logs in and takes a token; the admin's reset ends both.
    const clerk = await freshCookie(id, 'the clerk password 1');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: clerk }, payload: { name: 'clerk script', scopes: ['read'] } });
    const { id: tokenId } = created.json() as { id: string };
    const resets = await added(() => expectStatus(204, 'aurelia-admin', 'PUT', `/api/v1/members/${id}/password`, { password: 'the clerk password 2' }));
    expect(resets).toEqual([expect.objectContaining({
      actor: 'aurelia-admin', action: 'member.password_set', target: id, detail: { sessionsEnded: 1, tokensRevoked: [tokenId] },
    })]);
    const everything = JSON.stringify(await log());
    expect(everything).not.toContain('the clerk password');
    expect(everything).not.toContain('scrypt$');
  });

  it('given a member, when they change their own password and take and revoke a token, then each writes one entry in their name (never the secret)', async () => {
    const cookie = await freshCookie('aurelia-notetaker');
    const inject = (method: 'POST' | 'DELETE' | 'PUT', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    let token = '';
    let tokenId = '';
    const [created] = await added(async () => {
      const response = await inject('POST', '/api/v1/tokens', { name: 'nightly export', scopes: ['read', 'write'] });
      ({ token, id: tokenId } = response.json() as { token: string; id: string });
    });
    expect(created).toMatchObject({ actor: 'aurelia-notetaker', action: 'token.created', target: 'aurelia-notetaker', detail: { token: tokenId, name: 'nightly export', scopes: ['read', 'write'] } });
    const [revoked] = await added(async () => expect((await inject('DELETE', `/api/v1/tokens/${tokenId}`)).statusCode).toBe(204));
    expect(revoked).toMatchObject({ actor: 'aurelia-notetaker', action: 'token.revoked', target: 'aurelia-notetaker', detail: { token: tokenId, name: 'nightly export' } });
    // Revoked already: 204 again, and nothing more is logged.
    expect(await added(async () => expect((await inject('DELETE', `/api/v1/tokens/${tokenId}`)).statusCode).toBe(204))).toEqual([]);

    const [own] = await added(async () => {
      const response = await inject('PUT', '/api/v1/members/aurelia-notetaker/password', { password: 'test-password-aurelia-notetaker', currentPassword: 'test-password-aurelia-notetaker' });
      expect(response.statusCode).toBe(204);
    });
    expect(own).toMatchObject({ actor: 'aurelia-notetaker', action: 'member.password_set', target: 'aurelia-notetaker', detail: { tokensRevoked: [] } });
    expect(JSON.stringify(await log())).not.toContain(token.slice(-43));
  });

  it('given a member, when they log in from a new browser, then from a known one, and log out, then each is one entry in their party\'s log with the address', async () => {
    const member = 'aurelia-observer';
    const login = (address: string, cookies?: Record<string, string>) => t.app.inject({
      method: 'POST', url: '/api/v1/session', payload: { member, password: `test-password-${member}` }, remoteAddress: address, ...(cookies ? { cookies } : {}),
    });
    let device = '';
    const [first] = await added(async () => {
      const response = await login('192.0.2.10');
      expect(response.statusCode).toBe(200);
      device = response.cookies.find((c) => c.name === 'parley_device')!.value;
    }, 'aurelia-admin', { sessions: true });
    expect(first).toMatchObject({ party: 'aurelia', actor: member, action: 'member.logged_in', target: member, detail: { address: '192.0.2.10', device: 'new' } });

    let session = '';
    const [second] = await added(async () => {
      const response = await login('192.0.2.11', { parley_device: device });
      session = response.cookies.find((c) => c.name === 'parley_session')!.value;
    }, 'aurelia-admin', { sessions: true });
    expect(second).toMatchObject({ action: 'member.logged_in', detail: { address: '192.0.2.11', device: 'known' } });

    const logout = () => t.app.inject({ method: 'DELETE', url: '/api/v1/session', cookies: { parley_session: session }, remoteAddress: '192.0.2.12' });
    const ended = await added(async () => expect((await logout()).statusCode).toBe(204), 'aurelia-admin', { sessions: true });
    expect(ended).toEqual([expect.objectContaining({ actor: member, action: 'member.logged_out', target: member, detail: { address: '192.0.2.12' } })]);
    // The session is gone: logging out with its cookie again ends nothing and logs nothing.
    expect(await added(async () => expect((await logout()).statusCode).toBe(204), 'aurelia-admin', { sessions: true })).toEqual([]);
    // Nothing of it reaches the other party's log.
    expect(JSON.stringify(await log('boreas-admin'))).not.toContain(member);
  });

  it('given wrong passwords, then each checked one is an entry (never the password); an unknown member\'s and a throttled attempt write none', async () => {
    // A member of its own: the throttle below would hold back the harness's logins.
    const member = `aurelia-guessed-${engine}`;
    await expectStatus(201, 'aurelia-admin', 'POST', '/api/v1/members', { id: member, name: 'Guessed', roles: ['observer'], password: `test-password-${member}` });
    const attempt = (password: string, as = member) => t.app.inject({
      method: 'POST', url: '/api/v1/session', payload: { member: as, password }, remoteAddress: '198.51.100.20',
    });
    // A failure is logged without the answer waiting for it (so it takes as long as an
    // unknown id's): the entries arrive just after the 401s.
    const before = new Set((await log()).map((e) => e.id));
    for (let i = 0; i < 5; i++) expect((await attempt(`guess number ${i}`)).statusCode).toBe(401);
    const newEntries = async () => (await log()).filter((e) => !before.has(e.id));
    await expect.poll(async () => (await newEntries()).length).toBe(5);
    const failed = await newEntries();
    expect(failed.every((e) => e.action === 'member.login_failed' && e.actor === member && e.target === member && e.detail['address'] === '198.51.100.20')).toBe(true);
    expect(JSON.stringify(failed)).not.toContain('guess number');
    // Throttled now: not checked, so not logged — the right password included. And a member
    // id nobody has: no party's log gets an entry. (Given the time a logged failure takes to land.)
    const counts = async () => [(await log()).length, (await log('boreas-admin')).length];
    const settled = await counts();
    expect((await attempt(`test-password-${member}`)).statusCode).toBe(429);
    expect((await attempt('whatever it is', 'aurelia-nobody')).statusCode).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await counts()).toEqual(settled);
  });

  it('given an admin, when they revoke a member\'s token, then the entry names the admin and the token\'s owner', async () => {
    const created = await t.request('aurelia-delegate', 'POST', '/api/v1/tokens', { name: 'delegate script', scopes: ['read'] });
    const { id } = created.json() as { id: string };
    const entries = await added(() => expectStatus(204, 'aurelia-admin', 'DELETE', `/api/v1/tokens/${id}`));
    expect(entries).toEqual([expect.objectContaining({ actor: 'aurelia-admin', action: 'token.revoked', target: 'aurelia-delegate', detail: { token: id, name: 'delegate script' } })]);
  });

  it('given an admin, when they create, change, rotate and delete a webhook, then each writes one entry (never the secret)', async () => {
    let hook = '';
    let secret = '';
    const [created] = await added(async () => {
      ({ id: hook, secret } = await expectStatus(201, 'aurelia-admin', 'POST', '/api/v1/webhooks', { url: 'https://pager.invalid/a', types: ['hotline.'] }) as { id: string; secret: string });
    });
    expect(created).toMatchObject({ action: 'webhook.created', target: hook, detail: { url: 'https://pager.invalid/a', types: ['hotline.'], enabled: true } });
    const changed = await added(() => expectStatus(200, 'aurelia-admin', 'PATCH', `/api/v1/webhooks/${hook}`, { url: 'https://pager.invalid/b', enabled: true }));
    expect(changed).toEqual([expect.objectContaining({ action: 'webhook.changed', target: hook, detail: { url: { before: 'https://pager.invalid/a', after: 'https://pager.invalid/b' } } })]);
    expect(await added(() => expectStatus(200, 'aurelia-admin', 'PATCH', `/api/v1/webhooks/${hook}`, { enabled: true }))).toEqual([]);
    let rotatedSecret = '';
    const rotated = await added(async () => {
      ({ secret: rotatedSecret } = await expectStatus(200, 'aurelia-admin', 'POST', `/api/v1/webhooks/${hook}/rotate-secret`, {}) as { secret: string });
    });
    expect(rotated).toEqual([expect.objectContaining({ action: 'webhook.secret_rotated', target: hook, detail: {} })]);
    const deleted = await added(() => expectStatus(204, 'aurelia-admin', 'DELETE', `/api/v1/webhooks/${hook}`));
    expect(deleted).toEqual([expect.objectContaining({ action: 'webhook.deleted', target: hook, detail: { url: 'https://pager.invalid/b' } })]);
    const everything = JSON.stringify(await log());
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(rotatedSecret);
  });

  it('given an admin, when they set the escalation ladder, then the entry holds the rungs before (null: the default) and after', async () => {
    const url = `/api/v1/dialogues/${DIALOGUE}/escalation-ladder`;
    const first = { roles: ['duty_officer'], members: [], deadlineSeconds: 600 };
    const [set] = await added(() => expectStatus(200, 'aurelia-admin', 'PUT', url, { rungs: [first] }));
    expect(set).toMatchObject({ action: 'escalation_ladder.changed', target: DIALOGUE, detail: { rungs: { before: null, after: [first] } } });
    const second = { name: 'Principals', roles: ['principal'], members: ['aurelia-principal'], deadlineSeconds: 900 };
    const [changed] = await added(() => expectStatus(200, 'aurelia-admin', 'PUT', url, { rungs: [first, second] }));
    expect(changed).toMatchObject({ detail: { rungs: { before: [first], after: [first, second] } } });
    // The same rungs again, by another admin: nothing changes — not even who set them and when.
    const setBy = await expectStatus(200, 'aurelia-admin', 'GET', url);
    await expectStatus(201, 'aurelia-admin', 'POST', '/api/v1/members', { id: 'aurelia-admin-two', name: 'Second admin', roles: ['admin'], password: 'test-password-aurelia-admin-two' });
    expect(await added(async () => {
      expect(await expectStatus(200, 'aurelia-admin-two', 'PUT', url, { rungs: [first, second] })).toMatchObject({ updatedBy: 'aurelia-admin', updatedAt: setBy.updatedAt });
    })).toEqual([]);
    expect(await expectStatus(200, 'aurelia-admin', 'GET', url)).toEqual(setBy);
  });

  it('given refused changes — wrong role, own roles, stale ETag, taken id, short password, refused target, another party\'s token — then none writes an entry', async () => {
    const boreasToken = ((await t.request('boreas-delegate', 'POST', '/api/v1/tokens', { name: 'theirs', scopes: ['read'] })).json() as { id: string }).id;
    const { etag } = (await t.request('aurelia-admin', 'GET', '/api/v1/members/aurelia-observer')).headers as { etag: string };
    await expectStatus(200, 'aurelia-admin', 'PATCH', '/api/v1/members/aurelia-observer', { name: 'Observer, renamed' });
    const boreasBefore = await log('boreas-admin');
    const entries = await added(async () => {
      await expectStatus(403, 'aurelia-principal', 'POST', '/api/v1/members', { id: 'aurelia-sock', name: 'Sock', roles: ['principal'], password: 'a long enough password' });
      await expectStatus(403, 'aurelia-principal', 'PATCH', '/api/v1/members/aurelia-observer', { roles: ['principal'] });
      await expectStatus(403, 'aurelia-admin', 'PATCH', '/api/v1/members/aurelia-admin', { roles: ['admin', 'principal'] });
      await expectStatus(412, 'aurelia-admin', 'PATCH', '/api/v1/members/aurelia-observer', { name: 'Observer' }, { 'if-match': etag });
      await expectStatus(409, 'aurelia-admin', 'POST', '/api/v1/members', { id: 'aurelia-delegate', name: 'Twice', roles: ['observer'], password: 'a long enough password' });
      await expectStatus(400, 'aurelia-admin', 'POST', '/api/v1/members', { id: 'aurelia-short', name: 'Short', roles: ['observer'], password: 'too short' });
      await expectStatus(400, 'aurelia-admin', 'POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/' });
      await expectStatus(403, 'aurelia-admin', 'DELETE', `/api/v1/tokens/${boreasToken}`);
      await expectStatus(404, 'boreas-admin', 'PATCH', '/api/v1/members/aurelia-observer', { roles: ['observer', 'notetaker'] });
      await expectStatus(400, 'aurelia-admin', 'PUT', `/api/v1/dialogues/${DIALOGUE}/escalation-ladder`, { rungs: [{ members: ['boreas-duty'], deadlineSeconds: 60 }] });
    });
    expect(entries).toEqual([]);
    expect(await log('boreas-admin')).toEqual(boreasBefore);
    expect((await t.ctx.store.member('aurelia-delegate' as MemberId))?.name).not.toBe('Twice');
    expect(await t.ctx.store.member('aurelia-short' as MemberId)).toBeUndefined();
  });

  it('given an admin\'s API token with the write scope, then it can neither add a member nor change one (403 session_required), and nothing is logged', async () => {
    const created = await expectStatus(201, 'aurelia-admin', 'POST', '/api/v1/tokens', { name: 'admin script', scopes: ['read', 'write'] }) as { token: string };
    const withToken = (method: 'POST' | 'PATCH', url: string, payload: object) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${created.token}` }, payload });
    const entries = await added(async () => {
      const add = await withToken('POST', '/api/v1/members', { id: 'aurelia-minted', name: 'Minted', roles: ['admin', 'principal'], password: 'a password the script chose' });
      expect(add.statusCode).toBe(403);
      expect(add.json()).toMatchObject({ code: 'session_required' });
      const change = await withToken('PATCH', '/api/v1/members/aurelia-observer', { roles: ['principal'] });
      expect(change.statusCode).toBe(403);
      expect(change.json()).toMatchObject({ code: 'session_required' });
    });
    expect(entries).toEqual([]);
    expect(await t.ctx.store.member('aurelia-minted' as MemberId)).toBeUndefined();
    expect((await t.ctx.store.member('aurelia-observer' as MemberId))?.roles).not.toContain('principal');
  });

  it('given a hosted party whose id extends ours, then our admin cannot add ids under its prefix (400 member_id_prefix)', async () => {
    await t.ctx.store.putParty({ id: 'aurelia-north' as PartyId, name: { en: 'Northern Aurelia' }, publicKey: Buffer.alloc(32, 7) });
    const refused = await expectStatus(400, 'aurelia-admin', 'POST', '/api/v1/members', { id: 'aurelia-north-clerk', name: 'Clerk', roles: ['observer'], password: 'a long enough password' });
    expect(refused).toMatchObject({ code: 'member_id_prefix', errors: [{ field: 'id' }] });
    expect(await t.ctx.store.member('aurelia-north-clerk' as MemberId)).toBeUndefined();
    await expectStatus(201, 'aurelia-admin', 'POST', '/api/v1/members', { id: 'aurelia-northern-clerk', name: 'Clerk', roles: ['observer'], password: 'a long enough password' });
  });

  it('given a member id already taken, when an admin adds it again, then 409 member_exists naming the id; the member is unchanged and nothing is logged', async () => {
    const entries = await added(async () => {
      const refused = await expectStatus(409, 'aurelia-admin', 'POST', '/api/v1/members', { id: 'aurelia-observer', name: 'Impostor', roles: ['admin'], password: 'a replacement password' });
      expect(refused).toMatchObject({ code: 'member_exists', errors: [{ field: 'id' }] });
    });
    expect(entries).toEqual([]);
    expect(await t.ctx.store.member('aurelia-observer' as MemberId)).toMatchObject({ name: expect.not.stringMatching(/Impostor/) as unknown as string });
    expect((await t.ctx.store.member('aurelia-observer' as MemberId))?.roles).not.toContain('admin');
  });

  it('given an admin, when they change their own roles, then 403 own_roles; their own name they may change', async () => {
    const refused = await expectStatus(403, 'aurelia-admin', 'PATCH', '/api/v1/members/aurelia-admin', { roles: ['admin', 'principal'] });
    expect(refused).toMatchObject({ status: 403, code: 'own_roles', detail: 'you cannot change your own roles: another admin of your party must' });
    expect(await expectStatus(403, 'aurelia-admin', 'PATCH', '/api/v1/members/aurelia-admin', { roles: ['observer'] })).toMatchObject({ code: 'own_roles' });
    expect((await t.ctx.store.member('aurelia-admin' as MemberId))?.roles).toEqual(['admin']);
    // The same roles are no change; a new name is.
    await expectStatus(200, 'aurelia-admin', 'PATCH', '/api/v1/members/aurelia-admin', { roles: ['admin'] });
    const [renamed] = await added(() => expectStatus(200, 'aurelia-admin', 'PATCH', '/api/v1/members/aurelia-admin', { name: 'Aurelia administrator' }));
    expect(renamed).toMatchObject({ actor: 'aurelia-admin', target: 'aurelia-admin', detail: { name: { after: 'Aurelia administrator' } } });
  });

  it('given two admins, when one takes the other\'s admin role, then it is logged; the demoted admin\'s racing request changes nothing (403: the lock sees the demotion)', async () => {
    const party = 'cygnus' as PartyId;
    await expectStatus(201, 'cygnus-admin', 'POST', '/api/v1/members', { id: 'cygnus-second', name: 'Second admin', roles: ['admin'], password: 'test-password-cygnus-second' });
    // The second admin's credential is read (and cached) now, while they are an admin.
    await expectStatus(200, 'cygnus-second', 'GET', '/api/v1/audit');
    const [demoted] = await added(() => expectStatus(200, 'cygnus-admin', 'PATCH', '/api/v1/members/cygnus-second', { roles: ['observer'] }), 'cygnus-admin');
    expect(demoted).toMatchObject({ actor: 'cygnus-admin', target: 'cygnus-second', detail: { roles: { before: ['admin'], after: ['observer'] } } });
    // The demoted admin's request as it would arrive when it raced the demotion (its
    // credential read, and cached, before it): the members read under the lock decide, so it
    // neither demotes the party's last admin nor changes anything else.
    await t.ctx.store.putMember({ id: 'cygnus-second' as MemberId, party, name: 'Second admin', roles: ['admin'] });
    const credential = await expectStatus(200, 'cygnus-second', 'GET', '/api/v1/session');
    expect(credential).toMatchObject({ member: { roles: ['admin'] } });
    await t.ctx.store.putMember({ id: 'cygnus-second' as MemberId, party, name: 'Second admin', roles: ['observer'] });
    const entries = await added(async () => {
      const refused = await expectStatus(403, 'cygnus-second', 'PATCH', '/api/v1/members/cygnus-admin', { roles: ['principal'] });
      expect(refused).toMatchObject({ code: 'role_not_allowed', detail: 'member.manage needs the admin role; cygnus-second no longer has it' });
      await expectStatus(403, 'cygnus-second', 'PATCH', '/api/v1/members/cygnus-admin', { name: 'Renamed by a former admin' });
    }, 'cygnus-admin');
    expect(entries).toEqual([]);
    expect(await t.ctx.store.member('cygnus-admin' as MemberId)).toMatchObject({ roles: ['admin', 'principal'], name: expect.not.stringMatching(/former/) as unknown as string });
  });

  it('reads only the own party\'s entries, newest first, filtered and paged; bad filters are 400 naming the field', async () => {
    await expectStatus(201, 'boreas-admin', 'POST', '/api/v1/webhooks', { url: 'https://boreas.invalid/hook' });
    const ours = await log();
    expect(ours.length).toBeGreaterThan(5);
    expect(ours.every((e) => e.party === 'aurelia')).toBe(true);
    expect([...ours].sort((a, b) => b.at.localeCompare(a.at))).toEqual(ours);
    expect(JSON.stringify(ours)).not.toContain('boreas.invalid');
    const theirs = await log('boreas-admin');
    expect(changesOnly(theirs).map((e) => [e.party, e.action])).toEqual([['boreas', 'webhook.created'], ['boreas', 'token.created']]);

    const query = async (q: string) => (await expectStatus(200, 'aurelia-admin', 'GET', `/api/v1/audit?${q}`)) as { items: Entry[]; next: string | null };
    expect((await query('action=member.changed')).items.every((e) => e.action === 'member.changed')).toBe(true);
    expect(changesOnly((await query('actor=aurelia-notetaker')).items).map((e) => e.action).sort()).toEqual(['member.password_set', 'token.created', 'token.revoked']);
    expect(changesOnly((await query('target=aurelia-delegate')).items).map((e) => [e.actor, e.action])).toEqual([['aurelia-admin', 'token.revoked'], ['aurelia-delegate', 'token.created']]);
    expect((await query('from=2000-01-01&to=2000-12-31')).items).toEqual([]);
    expect((await query(`from=${ours.at(-1)!.at}&to=${ours[0]!.at}`)).items).toEqual(ours);
    const pages: Entry[] = [];
    for (let after: string | null = null; ;) {
      const page = await query(`limit=2${after ? `&after=${after}` : ''}`);
      pages.push(...page.items);
      if (!page.next) break;
      after = page.next;
    }
    expect(pages).toEqual(ours);

    for (const [q, field] of [['action=member.deleted', 'querystring.action'], ['from=2026-02-30', 'querystring.from'], ['limit=0', 'querystring.limit'], ['after=no-such-entry', 'querystring.after'], ['party=boreas', 'querystring.party']] as const) {
      const response = await t.request('aurelia-admin', 'GET', `/api/v1/audit?${q}`);
      expect(response.statusCode, q).toBe(400);
      expect((response.json() as { errors: { field: string }[] }).errors[0]!.field, q).toBe(field);
    }
    // Another party's entry id is no cursor here.
    expect((await t.request('aurelia-admin', 'GET', `/api/v1/audit?after=${theirs[0]!.id}`)).statusCode).toBe(400);
  });

  it('is read by admins only — with a session or a read token — and entries are never changed or deleted through the API', async () => {
    for (const member of ['aurelia-principal', 'aurelia-delegate', 'aurelia-observer', 'aurelia-duty']) {
      expect((await t.request(member, 'GET', '/api/v1/audit')).json()).toMatchObject({ status: 403, code: 'role_not_allowed' });
    }
    expect((await t.request(null, 'GET', '/api/v1/audit')).statusCode).toBe(401);
    const { token } = (await t.request('aurelia-admin', 'POST', '/api/v1/tokens', { name: 'audit reader', scopes: ['read'] })).json() as { token: string };
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/audit?limit=1', headers: { authorization: `Bearer ${token}` } });
    expect(read.statusCode).toBe(200);
    const [latest] = (read.json() as { items: Entry[] }).items;
    expect(latest).toMatchObject({ action: 'token.created', detail: { name: 'audit reader' } });
    for (const method of ['PATCH', 'PUT', 'DELETE', 'POST'] as const) {
      expect([404, 405]).toContain((await t.request('aurelia-admin', method, `/api/v1/audit/${latest!.id}`, method === 'DELETE' ? undefined : {})).statusCode);
      expect([404, 405]).toContain((await t.request('aurelia-admin', method, '/api/v1/audit', method === 'DELETE' ? undefined : {})).statusCode);
    }
    expect((await log())[0]).toEqual(latest);
  });
});
