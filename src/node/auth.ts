/**
 * Accounts and access: passwords hashed with scrypt (memory-hard), sessions and API tokens
 * whose secrets are stored only as SHA-256 hashes, so a database leak yields no usable
 * credential. Every credential resolves to one member of one party; nothing else is trusted.
 */
import { createHash, createHmac, randomBytes, randomUUID, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { forbidden, invalid } from '../domain/index.js';
import type { MemberId } from '../record/index.js';
import type { Clock, MemberRecord, Store } from './ports.js';
import type { PrivateStore, SessionRecord, TokenRecord, TokenScope } from './private-ports.js';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/** scrypt cost: N=2^15, r=8 → 32 MiB per hash, ~100 ms here; stored with the hash so it can rise later. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const SESSION_HOURS = 12;
/**
 * How long a session row read from the store is trusted before it is read again. Every
 * request carries its session, and reading it (a query on the connection the append
 * transactions hold) made each request wait for the group commit in progress. Logout and a
 * password change through this service forget the session at once; a session deleted by
 * another process sharing the database (PostgreSQL) still works here for at most this long.
 * Expiry is checked on every request against the cached expiry time.
 */
const SESSION_CACHE_MS = 5_000;
/** Cached sessions kept at most; the cache is emptied beyond this. */
const SESSION_CACHE_SIZE = 10_000;
export const MIN_PASSWORD_LENGTH = 12;
/**
 * Failed logins per member id within the window before further attempts for that id are
 * refused until the oldest failure leaves the window. The per-address limit of the HTTP
 * layer does not stop guesses spread over many addresses; this does. So that an attacker
 * cannot hold a member's login back by failing on purpose, a browser the member has logged
 * in from before (it shows a valid device cookie, see `deviceMac`) is counted on its own:
 * its failures go to its own limit and the member's limit does not apply to it (OWASP's
 * "device cookies").
 */
export const LOGIN_FAILURES_ALLOWED = 5;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
/**
 * Member ids (and devices) whose failures are remembered at most (a few MiB); beyond this the
 * least recently failed is forgotten, so wiping one member's count takes this many other ids
 * failing after it.
 */
const LOGIN_FAILURE_IDS = 100_000;
/** How long a device cookie is offered for (it stays valid until the member's password changes). */
export const DEVICE_COOKIE_DAYS = 180;
const DEVICE_COOKIE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/**
 * A device cookie: `<nonce>.<mac>`, the MAC an HMAC-SHA256 of the member id and nonce keyed
 * with the member's stored password hash. Only this node can make one (the hash never
 * leaves it), it names one member, and a password change or reset invalidates every one of
 * them. It is no credential: it only decides which failure count a login attempt goes to.
 */
function deviceMac(member: MemberId, nonce: string, passwordHash: string): string {
  return createHmac('sha256', passwordHash).update(`parley-device/1\n${member}\n${nonce}`).digest('base64url');
}

/** The nonce of `cookie` if it is a device cookie this node made for `member` under its current password. */
function trustedDevice(member: MemberId, passwordHash: string, cookie: string | undefined): string | undefined {
  const match = cookie === undefined ? null : DEVICE_COOKIE.exec(cookie);
  if (!match) return undefined;
  const expected = Buffer.from(deviceMac(member, match[1]!, passwordHash));
  const given = Buffer.from(match[2]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? match[1] : undefined;
}

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
  constructor(message = 'invalid credentials') {
    super(message);
  }
}

/** A successful login: the session secret (for the cookie), and the device cookie to (re)set. */
export interface Login {
  readonly secret: string;
  readonly member: MemberRecord;
  readonly expiresAt: string;
  readonly deviceCookie: string;
}

/** Too many failed logins for one member id lately; try again after `retryAfterSeconds`. */
export class LoginThrottledError extends Error {
  override name = 'LoginThrottledError';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed logins for this member; try again in ${retryAfterSeconds} s`);
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function hashPassword(password: string, cost = SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password.normalize('NFC'), salt, 32, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to compare against when the member does not exist, so timing does not reveal it. */
let decoyHash: Promise<string> | undefined;

export interface Credential {
  readonly member: MemberRecord;
  readonly via: 'session' | 'token';
  readonly scopes: readonly TokenScope[];
  readonly tokenId?: string;
  /** SHA-256 (hex) of the session secret, for a session credential read from a cookie. */
  readonly sessionHash?: string;
}

/** Called after credentials were ended or a member's roles changed; see AuthService.onChange. */
export type CredentialChangeListener = () => void;

/** Where members are looked up: the store, or the node's short-lived member cache (ParleyNode.member). */
export interface MemberLookup {
  member(id: MemberId): Promise<MemberRecord | undefined>;
}

export class AuthService {
  /** Session rows by id hash, each trusted until `until` (Date.now() ms); see SESSION_CACHE_MS. */
  readonly #sessions = new Map<string, { session: SessionRecord; until: number }>();
  /** Bumped around every session deletion: a read that raced one is not cached. */
  #generation = 0;
  readonly #listeners = new Set<CredentialChangeListener>();
  /** Member id (as given) → times (ms, the clock's) of recent failed logins without a device cookie, oldest first. */
  readonly #failures = new Map<string, number[]>();
  /** Device cookie nonce → times of recent failed logins from that device. */
  readonly #deviceFailures = new Map<string, number[]>();
  /** The wrong passwords' audit entries still being written, in order (#auditFailure). */
  #failureWrites: Promise<void> = Promise.resolve();

  constructor(private readonly deps: {
    store: Store; privates: PrivateStore; clock: Clock; cost?: typeof SCRYPT;
    /** Member lookups for each request (default: the store). Role changes must reach it at once. */
    members?: MemberLookup;
  }) {}

  async setPassword(member: MemberId, password: string): Promise<void> {
    await this.setPasswordHash(member, await this.hashNewPassword(password));
  }

  /**
   * A new password checked and hashed, for setPasswordHash: hashing takes ~100 ms, so it is
   * done before the transaction that stores it, not while that holds the write lock.
   */
  async hashNewPassword(password: string): Promise<string> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw invalid('password_too_short', 'password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    return hashPassword(password, this.deps.cost);
  }

  async setPasswordHash(member: MemberId, hash: string): Promise<void> {
    await this.deps.privates.setPasswordHash(member, hash, this.deps.clock.now().toISOString());
  }

  /**
   * Checks a password; returns a new session secret (for the cookie), the member and a device
   * cookie. `device` is the device cookie the client showed, if any: a valid one takes the
   * attempt out of the member's failure count (see LOGIN_FAILURES_ALLOWED).
   */
  async login(memberId: MemberId, password: string, options: { device?: string | undefined; address?: string | undefined } = {}): Promise<Login> {
    const shown = options.device !== undefined && DEVICE_COOKIE.test(options.device) ? options.device : undefined;
    const address = options.address ?? null;
    // Without a device cookie the member's count decides, before anything is read: a refused
    // attempt costs no query and tells nothing about whether the member exists.
    if (shown === undefined) this.#refuseIfThrottled(this.#failures, memberId);
    const member = await this.deps.store.member(memberId);
    const stored = member ? await this.deps.privates.passwordHash(member.id) : undefined;
    const device = member && stored ? trustedDevice(member.id, stored, shown) : undefined;
    const [failures, key] = device === undefined ? [this.#failures, memberId as string] : [this.#deviceFailures, device];
    // Counted as a failure from now until the password checks out, so that attempts sent at
    // once all see each other: no more than the allowed number are ever checked in a window.
    const attempt = this.#claimAttempt(failures, key);
    try {
      if (!member || !stored) {
        decoyHash ??= hashPassword('decoy password for timing', this.deps.cost);
        await verifyPassword(password, await decoyHash);
        if (member) this.#auditFailure(member, address);
        throw new AuthenticationError();
      }
      if (!(await verifyPassword(password, stored))) {
        this.#auditFailure(member, address);
        throw new AuthenticationError();
      }
      failures.delete(key);
      const nonce = device ?? randomBytes(16).toString('base64url');
      const session = await this.deps.store.transaction(async () => {
        const started = await this.#startSession(member);
        await this.#audit(member, 'member.logged_in', { address, device: device === undefined ? 'new' : 'known' });
        return started;
      });
      return { ...session, deviceCookie: `${nonce}.${deviceMac(member.id, nonce, stored)}` };
    } catch (error) {
      // Not a wrong password (the store failed): the attempt does not count.
      if (!(error instanceof AuthenticationError)) this.#unclaim(failures, key, attempt);
      throw error;
    }
  }

  #recentFailures(failures: Map<string, number[]>, key: string, now: number): number[] {
    const recent = (failures.get(key) ?? []).filter((at) => at > now - LOGIN_FAILURE_WINDOW_MS);
    if (recent.length === 0) failures.delete(key);
    return recent;
  }

  /** Refuses the attempt if `key` is throttled; else its recent failures, as of `now`. */
  #refuseIfThrottled(failures: Map<string, number[]>, key: string): { now: number; recent: number[] } {
    const now = this.deps.clock.now().getTime();
    const recent = this.#recentFailures(failures, key, now);
    if (recent.length >= LOGIN_FAILURES_ALLOWED) {
      throw new LoginThrottledError(Math.max(1, Math.ceil((recent[0]! + LOGIN_FAILURE_WINDOW_MS - now) / 1000)));
    }
    return { now, recent };
  }

  /**
   * Refuses the attempt if `key` is throttled, else counts it as a failure now; returns its
   * time. Keys are kept in order of their latest failure, so beyond LOGIN_FAILURE_IDS the one
   * forgotten is the least recent (whose failures have most likely left the window).
   */
  #claimAttempt(failures: Map<string, number[]>, key: string): number {
    const { now, recent } = this.#refuseIfThrottled(failures, key);
    failures.delete(key);
    if (failures.size >= LOGIN_FAILURE_IDS) failures.delete(failures.keys().next().value as string);
    failures.set(key, [...recent, now]);
    return now;
  }

  #unclaim(failures: Map<string, number[]>, key: string, attempt: number): void {
    const times = failures.get(key);
    const at = times?.lastIndexOf(attempt) ?? -1;
    if (at >= 0) times!.splice(at, 1);
    if (times?.length === 0) failures.delete(key);
  }

  async #startSession(member: MemberRecord): Promise<{ secret: string; member: MemberRecord; expiresAt: string }> {
    const secret = randomBytes(32).toString('base64url');
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
    await this.deps.privates.createSession({ idHash: sha256Hex(secret), member: member.id, createdAt: now.toISOString(), expiresAt });
    return { secret, member, expiresAt };
  }

  /**
   * Ends the session; logged in its member's party's audit log when this call ended a live
   * one (two logouts at once: only the one whose delete took the row).
   */
  async logout(secret: string, options: { address?: string | undefined } = {}): Promise<void> {
    const idHash = sha256Hex(secret);
    await this.deps.store.transaction(async () => {
      const session = await this.deps.privates.session(idHash);
      const ended = await this.#deleting(() => this.deps.privates.deleteSession(idHash));
      const member = ended && session && session.expiresAt > this.deps.clock.now().toISOString() ? await this.deps.store.member(session.member) : undefined;
      if (member) await this.#audit(member, 'member.logged_out', { address: options.address ?? null });
    });
    this.#changed();
  }

  /**
   * Logs a wrong password without waiting for the write: the answer then takes as long as
   * for a member id nobody has (which no party's log can hold), and a failed write neither
   * turns the refusal into an error nor lets the attempt go uncounted.
   */
  #auditFailure(member: MemberRecord, address: string | null): void {
    // One after another, so their order in the log is the order they happened (on PostgreSQL
    // two writes in flight could otherwise take their places the other way round).
    this.#failureWrites = this.#failureWrites.then(() => this.#audit(member, 'member.login_failed', { address })).catch((error: unknown) => {
      process.emitWarning(`audit log: a failed login of ${member.id} was not logged: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /**
   * An entry in the member's party's audit log, made by the member (docs/access.md): a login
   * or logout, or a wrong password checked for them (a throttled attempt is not checked, so
   * not logged: at most LOGIN_FAILURES_ALLOWED per window per member or device).
   */
  async #audit(member: MemberRecord, action: 'member.logged_in' | 'member.login_failed' | 'member.logged_out', detail: { [key: string]: string | null }): Promise<void> {
    await this.deps.privates.appendAudit({
      id: randomUUID(), party: member.party, actor: member.id, action, target: member.id, detail, at: this.deps.clock.now().toISOString(),
    });
  }

  /**
   * Ends every credential of the member — sessions and API tokens — after a password change
   * or reset: whoever knew the old password, or took a token while they did, is out.
   */
  async endCredentialsOf(member: MemberId): Promise<{ sessions: number; tokens: string[] }> {
    const sessions = await this.#deleting(() => this.deps.privates.deleteSessionsOf(member));
    const at = this.deps.clock.now().toISOString();
    const tokens: string[] = [];
    for (const token of await this.deps.privates.tokensOf(member)) {
      if (token.revokedAt === null && await this.deps.privates.revokeToken(token.id, at)) tokens.push(token.id);
    }
    this.#changed();
    return { sessions, tokens };
  }

  /** Whether `password` is the member's current one (a password change asks for it). */
  async passwordMatches(member: MemberId, password: string): Promise<boolean> {
    const stored = await this.deps.privates.passwordHash(member);
    return stored !== undefined && verifyPassword(password, stored);
  }

  /** Tells the listeners (open event streams) that a member's roles changed. */
  membersChanged(): void {
    this.#changed();
  }

  /**
   * Listens for ended credentials and role changes, so a long-lived connection (an event
   * stream) checks its credential again at once (`stillValid`). Returns the unsubscribe.
   */
  onChange(listener: CredentialChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells the listeners once the change is committed (inside a store transaction, after it). */
  #changed(): void {
    this.deps.store.afterCommit(() => {
      for (const listener of [...this.#listeners]) listener();
    });
  }

  /**
   * Whether a credential taken earlier still stands, read from the store (not the session
   * cache): its session not ended or expired, or its token not revoked, and its member still
   * there with the same party and roles. A credential with neither (the single-member local
   * mode of `parley serve --as`) stands while its member does.
   */
  async stillValid(credential: Credential): Promise<boolean> {
    if (credential.sessionHash !== undefined) {
      const session = await this.deps.privates.session(credential.sessionHash);
      if (!session || session.expiresAt <= this.deps.clock.now().toISOString()) return false;
    }
    if (credential.tokenId !== undefined) {
      const token = await this.deps.privates.token(credential.tokenId);
      if (!token || token.revokedAt !== null) return false;
    }
    const member = await this.deps.store.member(credential.member.id);
    return member !== undefined && member.party === credential.member.party &&
      member.roles.length === credential.member.roles.length && member.roles.every((role) => credential.member.roles.includes(role));
  }

  /**
   * Deletes sessions so that none stays cached: reads started before or during the deletion
   * do not cache what they found, and the cache is emptied once the deletion is committed
   * (deletions are rare; the sessions in use are read again once).
   */
  async #deleting<T>(remove: () => Promise<T>): Promise<T> {
    this.#forgetSessions();
    try {
      return await remove();
    } finally {
      // Inside a store transaction, other connections see the rows until it commits.
      this.#forgetSessions();
      this.deps.store.afterCommit(() => this.#forgetSessions());
    }
  }

  #forgetSessions(): void {
    this.#generation++;
    this.#sessions.clear();
  }

  async fromSession(secret: string): Promise<Credential | undefined> {
    const sessionHash = sha256Hex(secret);
    const session = await this.#session(sessionHash);
    if (!session || session.expiresAt <= this.deps.clock.now().toISOString()) return undefined;
    const member = await (this.deps.members ?? this.deps.store).member(session.member);
    return member ? { member, via: 'session', scopes: ['read', 'write'], sessionHash } : undefined;
  }

  /** The session row, from the cache while fresh; unknown hashes are not cached. */
  async #session(idHash: string): Promise<SessionRecord | undefined> {
    const now = Date.now();
    const cached = this.#sessions.get(idHash);
    if (cached && cached.until > now) return cached.session;
    const generation = this.#generation;
    const session = await this.deps.privates.session(idHash);
    if (session === undefined) {
      this.#sessions.delete(idHash);
      return undefined;
    }
    if (generation === this.#generation) {
      if (this.#sessions.size >= SESSION_CACHE_SIZE) this.#sessions.clear();
      this.#sessions.set(idHash, { session, until: now + SESSION_CACHE_MS });
    }
    return session;
  }

  /** Creates an API token for the member itself; the secret is shown once. */
  async createToken(member: MemberRecord, name: string, scopes: readonly TokenScope[]): Promise<{ token: string; record: TokenRecord }> {
    if (name.trim() === '' || name.length > 100) throw invalid('token_name_invalid', 'name', 'must be 1–100 characters');
    if (scopes.length === 0) throw invalid('token_scopes_missing', 'scopes', 'give read and/or write');
    const id = randomBytes(9).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    const record: TokenRecord = {
      id, member: member.id, name, secretHash: sha256Hex(secret), scopes: [...new Set(scopes)],
      createdAt: this.deps.clock.now().toISOString(), revokedAt: null, lastUsedAt: null,
    };
    await this.deps.privates.createToken(record);
    return { token: `parley_${id}_${secret}`, record };
  }

  async fromToken(token: string): Promise<Credential | undefined> {
    const match = /^parley_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return undefined;
    const record = await this.deps.privates.token(match[1]!);
    if (!record || record.revokedAt) return undefined;
    const given = Buffer.from(sha256Hex(match[2]!), 'hex');
    if (!timingSafeEqual(given, Buffer.from(record.secretHash, 'hex'))) return undefined;
    const member = await this.deps.store.member(record.member);
    if (!member) return undefined;
    await this.deps.privates.touchToken(record.id, this.deps.clock.now().toISOString());
    return { member, via: 'token', scopes: record.scopes, tokenId: record.id };
  }

  /**
   * Revokes a token of the member's own (admins: of their party's members). Returns the
   * token as it was, and whether this call revoked it (not when it was revoked already, or
   * by a concurrent call).
   */
  async revokeToken(actor: MemberRecord, id: string): Promise<{ token: TokenRecord; revoked: boolean }> {
    const record = await this.deps.privates.token(id);
    const owner = record ? await this.deps.store.member(record.member) : undefined;
    const allowed = record && owner && (record.member === actor.id || (actor.roles.includes('admin') && owner.party === actor.party));
    if (!allowed) throw forbidden('token_not_yours', 'no such token of yours');
    const revoked = await this.deps.privates.revokeToken(id, this.deps.clock.now().toISOString());
    this.#changed();
    return { token: record, revoked };
  }
}
