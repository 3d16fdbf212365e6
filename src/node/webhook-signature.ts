/**
 * The webhook signature scheme (docs/webhooks.md): `Parley-Signature: v1=<hex>` where hex is
 * HMAC-SHA256(secret, `${timestamp}.${body}`) and timestamp is the `Parley-Webhook-Timestamp`
 * header (Unix seconds). Binding the timestamp lets a receiver refuse replays of old requests.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_VERSION = 'v1';
/** How far a receiver should let a timestamp drift from its own clock, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new signing secret: `whsec_` and 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `${SIGNATURE_VERSION}=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recomputes the signature in constant time and checks the timestamp
 * is within `toleranceSeconds` of `nowSeconds`. The header may list several signatures
 * (`v1=…,v1=…`), e.g. while a secret is being rotated.
 */
export function verifyWebhookSignature(input: {
  secret: string; body: string; timestamp: string; signature: string; nowSeconds: number; toleranceSeconds?: number;
}): boolean {
  const timestamp = Number(input.timestamp);
  if (!Number.isInteger(timestamp)) return false;
  if (Math.abs(input.nowSeconds - timestamp) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.body));
  return input.signature.split(',').map((part) => Buffer.from(part.trim())).some((candidate) =>
    candidate.length === expected.length && timingSafeEqual(candidate, expected));
}
