/**
 * Key files: the node's note key, its witness key and each hosted party's signing key, one file per key
 * under `<data dir>/keys/`, holding the base64 32-byte Ed25519 seed, mode 0600. Keys never
 * enter the database, so a database backup or a leaked query cannot leak them.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyStore } from '../node/ports.js';
import { generateSigningKey, signingKeyFromSeed, type PartyId, type SigningKey } from '../record/index.js';

/** Ids that are safe as file names: what scenario files and the API accept as party ids. */
export const SAFE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export class FileKeyStore implements KeyStore {
  private readonly dir: string;
  private readonly cache = new Map<string, SigningKey>();

  /** Opens (creating when `create` is set) the key folder of a node named `nodeName`. */
  constructor(dataDir: string, readonly nodeName: string, options: { create?: boolean } = {}) {
    this.dir = join(dataDir, 'keys');
    if (options.create) mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (!existsSync(this.dir)) throw new Error(`no key folder at ${this.dir}: run \`parley init\` first`);
  }

  noteKey(): SigningKey {
    return this.load('node.key') ?? this.create('node.key');
  }

  /** The witness (cosigner) key, created on first use: one key per cosigner name (C2SP tlog-cosignature). */
  witnessKey(): SigningKey {
    return this.load('witness.key') ?? this.create('witness.key');
  }

  partyKey(party: PartyId): SigningKey | undefined {
    return this.load(partyFile(party));
  }

  createPartyKey(party: PartyId): SigningKey {
    return this.create(partyFile(party));
  }

  private load(file: string): SigningKey | undefined {
    const cached = this.cache.get(file);
    if (cached) return cached;
    const path = join(this.dir, file);
    if (!existsSync(path)) return undefined;
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) throw new Error(`key file ${path} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
    const seed = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    const key = signingKeyFromSeed(seed);
    this.cache.set(file, key);
    return key;
  }

  private create(file: string): SigningKey {
    const path = join(this.dir, file);
    const { key, seed } = generateSigningKey();
    // 'wx' refuses to overwrite: a key, once made, is never silently replaced.
    writeFileSync(path, seed.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    this.cache.set(file, key);
    return key;
  }
}

function partyFile(party: PartyId): string {
  if (!SAFE_ID.test(party)) throw new Error(`party id "${party}" is not a safe identifier`);
  return `party-${party}.key`;
}
