/**
 * The security headers of every response, computed once.
 *
 * These are exactly what @fastify/helmet 13 (helmet 8 defaults) sent with our Content Security
 * Policy. The plugin rebuilt its helmet middleware from the options on every request (~25 µs of
 * main thread per request, docs/performance.md); the headers never vary by request, so they are
 * a constant here, set on the raw response in one synchronous hook — on the raw response, as
 * helmet did, so responses written directly (the event stream) and error replies carry them too.
 */
import type { FastifyInstance } from 'fastify';

/** `default-src 'self'` plus helmet's default directives; images may be data: URLs, styles inline. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "base-uri 'self'", "font-src 'self' https: data:", "form-action 'self'", "frame-ancestors 'self'",
  "img-src 'self' data:", "object-src 'none'", "script-src 'self'", "script-src-attr 'none'", "style-src 'self' 'unsafe-inline'",
  'upgrade-insecure-requests',
].join(';');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

const ENTRIES = Object.entries(SECURITY_HEADERS);

/** Sets SECURITY_HEADERS on every response of `app` (call before registering routes). */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of ENTRIES) raw.setHeader(name, value);
    done();
  });
}
