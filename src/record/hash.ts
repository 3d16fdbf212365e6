/** SHA-256 helpers shared by event ids, body hashes, Merkle hashing and note key ids. */
import { createHash } from 'node:crypto';

export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
