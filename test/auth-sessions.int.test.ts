// Sessions through AuthService on a real SQLite store: the short-lived session cache must
// not outlive logout, a password change or the session's expiry; a password change ends
// tokens too; a credential held by a long-lived connection can be checked again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemberId, PartyId } from '../src/record/index.js';
import { openStore } from '../src/store/index.js';
import type { SqlStore } from '../src/store/sql-store.js';
import { AuthenticationError, AuthService, LOGIN_FAILURE_WINDOW_MS, LOGIN_FAILURES_ALLOWED, LoginThrottledError, SESSION_HOURS } from '../src/node/auth.js';
import { ManualClock } from '../src/node/clock.js';

const COST = { N: 1024, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const ANA = 'ana' as MemberId;
const PASSWORD = 'a long enough password';

let store: SqlStore;
let clock: ManualClock;
let auth: AuthService;

beforeEach(async () => {
  store = openStore(':memory:');
  await store.migrate();
  await store.putParty({ id: 'aurelia' as PartyId, name: { en: 'Aurelia' }, publicKey: Buffer.alloc(32) });
  await store.putMember({ id: ANA, party: 'aurelia' as PartyId, name: 'Ana', roles: ['delegate'] });
  clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
  auth = new AuthService({ store, privates: store.privates, clock, cost: COST });
  await auth.setPassword(ANA, PASSWORD);
});
afterEach(async () => { await store.close(); });

describe('sessions', () => {
  it('given a session just used, when it expires, then it is refused though cached', async () => {
    const { secret } = await auth.login(ANA, PASSWORD);
    expect((await auth.fromSession(secret))?.member.id).toBe(ANA);
    clock.advance(SESSION_HOURS * 3600_000 - 1);
    expect((await auth.fromSession(secret))?.member.id).toBe(ANA);
    clock.advance(1);
    expect(await auth.fromSession(secret)).toBeUndefined();
  });

  it('given a session just used, when its member logs out or their sessions end, then it is refused at once', async () => {
    const first = await auth.login(ANA, PASSWORD);
    const second = await auth.login(ANA, PASSWORD);
    expect(await auth.fromSession(first.secret)).toBeDefined();
    expect(await auth.fromSession(second.secret)).toBeDefined();
    await auth.logout(first.secret);
    expect(await auth.fromSession(first.secret)).toBeUndefined();
    expect(await auth.fromSession(second.secret)).toBeDefined();
    await auth.endCredentialsOf(ANA);
    expect(await auth.fromSession(second.secret)).toBeUndefined();
  });

  it('given an unknown secret, then no session, and a session created later is found', async () => {
    expect(await auth.fromSession('not a session')).toBeUndefined();
    const { secret } = await auth.login(ANA, PASSWORD);
    expect((await auth.fromSession(secret))?.member.id).toBe(ANA);
  });
});

describe('ending credentials', () => {
  it('given a session and two tokens of a member, when their credentials end (password change), then the session and every token are refused', async () => {
    const { secret } = await auth.login(ANA, PASSWORD);
    const member = (await store.member(ANA))!;
    const read = await auth.createToken(member, 'reader', ['read']);
    const write = await auth.createToken(member, 'writer', ['write']);
    expect(await auth.fromToken(read.token)).toBeDefined();
    await auth.endCredentialsOf(ANA);
    expect(await auth.fromSession(secret)).toBeUndefined();
    expect(await auth.fromToken(read.token)).toBeUndefined();
    expect(await auth.fromToken(write.token)).toBeUndefined();
    expect((await store.privates.tokensOf(ANA)).every((token) => token.revokedAt === '2026-03-01T09:00:00.000Z')).toBe(true);
  });

  it('given the current password, then it matches, and nothing else does', async () => {
    expect(await auth.passwordMatches(ANA, PASSWORD)).toBe(true);
    expect(await auth.passwordMatches(ANA, `${PASSWORD}!`)).toBe(false);
    expect(await auth.passwordMatches('nobody' as MemberId, PASSWORD)).toBe(false);
  });
});

describe('a credential checked again (open event streams)', () => {
  it('given a session credential, when the session ends, then it no longer stands, and listeners were told', async () => {
    const { secret } = await auth.login(ANA, PASSWORD);
    const credential = (await auth.fromSession(secret))!;
    let told = 0;
    const stop = auth.onChange(() => { told++; });
    expect(await auth.stillValid(credential)).toBe(true);
    await auth.logout(secret);
    expect(told).toBe(1);
    expect(await auth.stillValid(credential)).toBe(false);
    stop();
    await auth.endCredentialsOf(ANA);
    expect(told).toBe(1);
  });

  it('given a session credential, when it expires, then it no longer stands', async () => {
    const credential = (await auth.fromSession((await auth.login(ANA, PASSWORD)).secret))!;
    clock.advance(SESSION_HOURS * 3600_000);
    expect(await auth.stillValid(credential)).toBe(false);
  });

  it('given a token credential, when the token is revoked, then it no longer stands', async () => {
    const member = (await store.member(ANA))!;
    const { token, record } = await auth.createToken(member, 'script', ['read']);
    const credential = (await auth.fromToken(token))!;
    let told = 0;
    auth.onChange(() => { told++; });
    expect(await auth.stillValid(credential)).toBe(true);
    await auth.revokeToken(member, record.id);
    expect(told).toBe(1);
    expect(await auth.stillValid(credential)).toBe(false);
  });

  it("given a credential, when its member's roles change, then it no longer stands (its holder reconnects with the new roles)", async () => {
    const credential = (await auth.fromSession((await auth.login(ANA, PASSWORD)).secret))!;
    await store.putMember({ id: ANA, party: 'aurelia' as PartyId, name: 'Ana', roles: ['delegate'] });
    expect(await auth.stillValid(credential)).toBe(true);
    await store.putMember({ id: ANA, party: 'aurelia' as PartyId, name: 'Ana', roles: ['observer'] });
    expect(await auth.stillValid(credential)).toBe(false);
  });
});

describe('failed logins per member (guesses spread over many addresses)', () => {
  const failure = async (member: string, password: string) => {
    try {
      await auth.login(member as MemberId, password);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('given the allowed failures for a member, then the next attempt is refused even with the right password, until the oldest failure leaves the window', async () => {
    await store.putMember({ id: 'bo' as MemberId, party: 'aurelia' as PartyId, name: 'Bo', roles: ['delegate'] });
    await auth.setPassword('bo' as MemberId, PASSWORD);
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED; i++) {
      expect(await failure(ANA, `wrong ${i}`)).toBeInstanceOf(AuthenticationError);
      clock.advance(60_000);
    }
    const refused = await failure(ANA, PASSWORD);
    expect(refused).toBeInstanceOf(LoginThrottledError);
    // The first failure was 5 minutes ago: it leaves the 15-minute window in 10 minutes.
    expect((refused as LoginThrottledError).retryAfterSeconds).toBe((LOGIN_FAILURE_WINDOW_MS - 5 * 60_000) / 1000);
    // Another member is not held back.
    expect((await auth.login('bo' as MemberId, PASSWORD)).member.id).toBe('bo');
    clock.advance(LOGIN_FAILURE_WINDOW_MS - 5 * 60_000 + 1);
    expect((await auth.login(ANA, PASSWORD)).member.id).toBe(ANA);
  });

  it('given a browser the member logged in from before, when others fail on purpose until the member is throttled, then that browser still logs in', async () => {
    const { deviceCookie } = await auth.login(ANA, PASSWORD);
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED; i++) expect(await failure(ANA, `attacker guess ${i}`)).toBeInstanceOf(AuthenticationError);
    expect(await failure(ANA, PASSWORD)).toBeInstanceOf(LoginThrottledError);
    const login = await auth.login(ANA, PASSWORD, { device: deviceCookie });
    expect(login.member.id).toBe(ANA);
    // The same device keeps its cookie; the attacker's count is not forgotten by it.
    expect(login.deviceCookie).toBe(deviceCookie);
    expect(await failure(ANA, PASSWORD)).toBeInstanceOf(LoginThrottledError);
  });

  it('given a device cookie, then its failures count on their own: after the allowed failures the device is throttled, the member is not', async () => {
    const { deviceCookie } = await auth.login(ANA, PASSWORD);
    const fromDevice = async (password: string) => auth.login(ANA, password, { device: deviceCookie }).then(() => undefined, (error: unknown) => error);
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED; i++) expect(await fromDevice(`wrong ${i}`)).toBeInstanceOf(AuthenticationError);
    expect(await fromDevice(PASSWORD)).toBeInstanceOf(LoginThrottledError);
    expect((await auth.login(ANA, PASSWORD)).member.id).toBe(ANA);
    clock.advance(LOGIN_FAILURE_WINDOW_MS + 1);
    expect(await fromDevice(PASSWORD)).toBeUndefined();
  });

  it.each([
    ['tampered', (cookie: string) => `${cookie.slice(0, -1)}${cookie.endsWith('A') ? 'B' : 'A'}`],
    ['made for another member', (_cookie: string, bos: string) => bos],
    ['malformed', () => 'not-a-device-cookie'],
  ])('given a device cookie %s, then the attempt counts as the member\'s and is throttled with them', async (_name, variant) => {
    await store.putMember({ id: 'bo' as MemberId, party: 'aurelia' as PartyId, name: 'Bo', roles: ['delegate'] });
    await auth.setPassword('bo' as MemberId, PASSWORD);
    const { deviceCookie } = await auth.login(ANA, PASSWORD);
    const bos = (await auth.login('bo' as MemberId, PASSWORD)).deviceCookie;
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED; i++) await failure(ANA, 'wrong');
    const refused = await auth.login(ANA, PASSWORD, { device: variant(deviceCookie, bos) }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LoginThrottledError);
  });

  it('given a device cookie, when the member\'s password changes, then it is no longer trusted', async () => {
    const { deviceCookie } = await auth.login(ANA, PASSWORD);
    await auth.setPassword(ANA, 'another long enough password');
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED; i++) await failure(ANA, 'wrong');
    const refused = await auth.login(ANA, 'another long enough password', { device: deviceCookie }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LoginThrottledError);
  });

  it('given many guesses sent at once, then only the allowed number are checked; the rest are refused as throttled', async () => {
    const outcomes = await Promise.all(Array.from({ length: 3 * LOGIN_FAILURES_ALLOWED }, (_, i) => failure(ANA, `guess ${i}`)));
    expect(outcomes.filter((o) => o instanceof AuthenticationError)).toHaveLength(LOGIN_FAILURES_ALLOWED);
    expect(outcomes.filter((o) => o instanceof LoginThrottledError)).toHaveLength(2 * LOGIN_FAILURES_ALLOWED);
    expect(await failure(ANA, PASSWORD)).toBeInstanceOf(LoginThrottledError);
  });

  it('a successful login forgets the failures before it; an unknown member id is counted like a known one', async () => {
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED - 1; i++) await failure(ANA, 'wrong');
    await auth.login(ANA, PASSWORD);
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED - 1; i++) expect(await failure(ANA, 'wrong')).toBeInstanceOf(AuthenticationError);
    for (let i = 0; i < LOGIN_FAILURES_ALLOWED; i++) expect(await failure('nobody', 'wrong')).toBeInstanceOf(AuthenticationError);
    expect(await failure('nobody', 'wrong')).toBeInstanceOf(LoginThrottledError);
  });
});
