/**
 * The key a refused event's payload is found by (`rejections.payload_hash`, migration 0015):
 * SHA-256 of its text, hex. Stored in rows, so it never changes.
 */
import { createHash } from 'node:crypto';

export function payloadHash(payload: string): string {
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}
