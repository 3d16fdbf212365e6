// Sessions through AuthService on a real SQLite store: the short-lived session cache must
// not outlive logout, a password change or the session's expiry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemberId, PartyId } from '../src/record/index.js';
import { openStore } from '../src/store/index.js';
import type { SqlStore } from '../src/store/sql-store.js';
import { AuthService, SESSION_HOURS } from '../src/node/auth.js';
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
    await auth.endSessionsOf(ANA);
    expect(await auth.fromSession(second.secret)).toBeUndefined();
  });

  it('given an unknown secret, then no session, and a session created later is found', async () => {
    expect(await auth.fromSession('not a session')).toBeUndefined();
    const { secret } = await auth.login(ANA, PASSWORD);
    expect((await auth.fromSession(secret))?.member.id).toBe(ANA);
  });
});
