/**
 * SHA-256 helpers shared by event ids, body hashes, Merkle hashing and note key ids.
 *
 * `crypto.hash` is node:crypto's one-shot digest: for the few hundred bytes of an event it
 * costs a fraction of `createHash().update().digest()`, which builds a Hash object each time.
 * A string is hashed as its UTF-8 bytes, as `Hash.update(string)` does.
 */
import { hash } from 'node:crypto';

export function sha256(data: Uint8Array | string): Buffer {
  return hash('sha256', data, 'buffer');
}

export function sha256Hex(data: Uint8Array | string): string {
  return hash('sha256', data, 'hex');
}
