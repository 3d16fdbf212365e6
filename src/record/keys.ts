/**
 * Ed25519 keys from `node:crypto`. Keys travel as raw 32-byte values (base64 in
 * transcripts and notes); KeyObjects are built from them with the fixed DER prefixes of
 * RFC 8410, so no other encoding leaks into the formats.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { RecordError } from './errors.js';

const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A private Ed25519 key able to sign; `publicKey` is the raw 32-byte public key. */
export interface SigningKey {
  readonly publicKey: Buffer;
  sign(data: Uint8Array): Buffer;
  /** The private key, for signing on a worker thread (a KeyObject can be posted to one); absent for keys that cannot leave this thread. */
  readonly privateKey?: KeyObject;
}

/** A public key ready for repeated verification (the KeyObject is built once). */
export interface VerifyingKey {
  readonly raw: Buffer;
  verify(data: Uint8Array, signature: Uint8Array): boolean;
}

/** A signing key from its 32-byte seed (the form key files and test vectors hold). */
export function signingKeyFromSeed(seed: Uint8Array): SigningKey {
  if (seed.length !== 32) throw new RecordError('bad_key', `an Ed25519 seed is 32 bytes, got ${seed.length}`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return fromPrivateKeyObject(privateKey);
}

/** A fresh key pair; the seed is what to store (mode 0600) to load the key again. */
export function generateSigningKey(): { key: SigningKey; seed: Buffer } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return { key: fromPrivateKeyObject(privateKey), seed: Buffer.from(der.subarray(der.length - 32)) };
}

function fromPrivateKeyObject(privateKey: KeyObject): SigningKey {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = Buffer.from(spki.subarray(spki.length - 32));
  return { publicKey, privateKey, sign: (data) => sign(null, data, privateKey) };
}

/** A verifying key from the raw 32-byte public key. */
export function verifyingKey(raw: Uint8Array): VerifyingKey {
  if (raw.length !== 32) throw new RecordError('bad_key', `an Ed25519 public key is 32 bytes, got ${raw.length}`);
  const keyObject = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  const rawCopy = Buffer.from(raw);
  return {
    raw: rawCopy,
    verify: (data, signature) => signature.length === 64 && verify(null, data, keyObject, signature),
  };
}

/** Decodes strict base64 (the alphabet with padding); returns undefined for anything else. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}
