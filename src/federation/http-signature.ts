/**
 * HTTP Message Signatures (RFC 9421) with Ed25519, and Content-Digest (RFC 9530), as the
 * federation protocol uses them (docs/federation.md "Signed messages"):
 *
 * - a request covers `("@method" "@target-uri" "content-digest")`;
 * - a response covers `("@status" "content-digest" "@method";req "@target-uri";req)`, which
 *   binds it to the request it answers;
 * - parameters `created` (POSIX seconds), `keyid` (the sender's node name, whose pinned note
 *   key verifies), `alg="ed25519"`, `tag="parley-federation/1"` and `nonce`; label `parley`.
 *   A request's nonce is fresh randomness (the receiver accepts it once: FederationServer);
 *   a response echoes its request's nonce, which binds it to that one request;
 * - `Content-Digest: sha-256=:<base64>:` over the body bytes as sent (empty body too).
 *
 * A message is accepted only if every one of those components is covered, the digest
 * matches the body, `created` is within MAX_SKEW_SECONDS of the verifier's clock, the keyid
 * is pinned and the signature verifies. `signatureBase` is the generic RFC 9421 §2.5
 * construction (checked against the RFC's own Ed25519 example, B.2.6).
 */
import { randomBytes } from 'node:crypto';
import type { SigningKey, VerifyingKey } from '../record/index.js';
import { sha256 } from '../record/index.js';
import type {
  StructuredFieldError} from './structured-fields.js';
import { isInnerList, parseDictionary, serializeInnerList,
  type BareItem, type InnerList, type Item, type Member,
} from './structured-fields.js';


export const SIGNATURE_LABEL = 'parley';
export const SIGNATURE_TAG = 'parley-federation/1';
/** Largest accepted difference between `created` and the verifier's clock, either way. */
export const MAX_SKEW_SECONDS = 300;
/**
 * How long a claimed request nonce is kept beyond the last second its `created` is fresh:
 * room for the clocks of several processes sharing one database to differ.
 */
export const NONCE_MARGIN_SECONDS = 60;
/** A nonce as accepted: 16 to 64 characters of the base64url alphabet (no padding). */
const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** A new request nonce: 128 random bits, base64url without padding (22 characters). */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The POSIX second until which a request nonce must be remembered: after it, a request with
 * this `created` is stale anyway, so a replay is refused without the claim.
 */
export function nonceExpiry(created: number): number {
  return created + MAX_SKEW_SECONDS + NONCE_MARGIN_SECONDS;
}

/** A covered component: its name (derived `@…` or a lowercase field name), and `;req`. */
export interface ComponentId {
  readonly name: string;
  readonly req?: boolean;
}

export const REQUEST_COMPONENTS: readonly ComponentId[] = [{ name: '@method' }, { name: '@target-uri' }, { name: 'content-digest' }];
export const RESPONSE_COMPONENTS: readonly ComponentId[] = [
  { name: '@status' }, { name: 'content-digest' }, { name: '@method', req: true }, { name: '@target-uri', req: true },
];

/** Looks a header field up by lowercase name; combined values as one string. */
export type HeaderLookup = (name: string) => string | undefined;

export interface RequestParts {
  readonly method: string;
  /** Absolute URI the request was sent to (scheme, authority, path, query). */
  readonly targetUri: string;
  readonly headers: HeaderLookup;
}

export interface ResponseParts {
  readonly status: number;
  readonly headers: HeaderLookup;
}

/**
 * Why a signed message was refused. `signature_replayed` is a verified request whose nonce
 * was already used (the receiver's claim, FederationServer.authenticate);
 * `signature_unbound` a verified response that does not echo the nonce of the request it
 * should answer (client side only).
 */
export type HttpSignatureErrorCode =
  | 'signature_missing' | 'signature_malformed' | 'signature_components' | 'signature_stale'
  | 'signature_unknown_key' | 'signature_invalid' | 'signature_replayed' | 'signature_unbound'
  | 'digest_missing' | 'digest_mismatch';

/** Why a signed message was refused; the federation routes answer 401 with this code. */
export class HttpSignatureError extends Error {
  override name = 'HttpSignatureError';
  constructor(readonly code: HttpSignatureErrorCode, message: string) {
    super(message);
  }
}

function fail(code: HttpSignatureErrorCode, message: string): never {
  throw new HttpSignatureError(code, message);
}

/** Header lookup over a plain object (any case of names; array values combined with ", "). */
export function headerLookup(headers: Readonly<Record<string, string | readonly string[] | number | undefined>>): HeaderLookup {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    lower.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
  }
  return (name) => lower.get(name);
}

/** `sha-256=:<base64>:` for the body bytes (RFC 9530). */
export function contentDigest(body: Uint8Array | string): string {
  return `sha-256=:${sha256(typeof body === 'string' ? Buffer.from(body, 'utf8') : body).toString('base64')}:`;
}

function componentItem(c: ComponentId): Item {
  return { item: { type: 'string', value: c.name }, params: new Map(c.req ? [['req', { type: 'boolean', value: true } as BareItem]] : []) };
}

function derived(name: string, message: { method?: string; targetUri?: string; status?: number }): string {
  if (name === '@status') {
    if (message.status === undefined) fail('signature_components', '@status is only defined for a response');
    return String(message.status);
  }
  if (message.method === undefined || message.targetUri === undefined) fail('signature_components', `${name} needs the request`);
  if (name === '@method') return message.method;
  if (name === '@target-uri') return message.targetUri;
  let url: URL;
  try {
    url = new URL(message.targetUri);
  } catch {
    fail('signature_malformed', `target URI ${JSON.stringify(message.targetUri)} is not absolute`);
  }
  switch (name) {
    case '@authority': return url.host.toLowerCase();
    case '@scheme': return url.protocol.slice(0, -1).toLowerCase();
    case '@path': return url.pathname || '/';
    case '@query': return url.search || '?';
    case '@request-target': return (url.pathname || '/') + url.search;
    default: fail('signature_components', `derived component ${name} is not supported`);
  }
}

/**
 * The signature base (RFC 9421 §2.5): one line per covered component, then the
 * `@signature-params` line (no trailing newline). `request` supplies `;req` components and
 * every component of a request signature; `response`, those of a response signature.
 */
export function signatureBase(signatureParams: InnerList, request: RequestParts | undefined, response?: ResponseParts): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const entry of signatureParams.list) {
    if (entry.item.type !== 'string') fail('signature_malformed', 'covered components are strings');
    const name = entry.item.value;
    const isReq = entry.params.get('req')?.type === 'boolean' && entry.params.get('req')?.value === true;
    for (const key of entry.params.keys()) if (key !== 'req') fail('signature_malformed', `component parameter ;${key} is not supported`);
    const id = `"${name}"${isReq ? ';req' : ''}`;
    if (seen.has(id)) fail('signature_malformed', `component ${id} is covered twice`);
    seen.add(id);
    if (name !== name.toLowerCase() || name.length === 0) fail('signature_malformed', `component ${JSON.stringify(name)} must be lowercase`);
    const fromRequest = isReq || response === undefined;
    if (isReq && response === undefined) fail('signature_malformed', ';req is only meaningful in a response signature');
    let value: string;
    if (name.startsWith('@')) {
      value = fromRequest
        ? derived(name, { method: request?.method, targetUri: request?.targetUri } as { method?: string; targetUri?: string })
        : derived(name, { status: response!.status });
    } else {
      const raw = (fromRequest ? request?.headers : response!.headers)?.(name);
      if (raw === undefined) fail(name === 'content-digest' ? 'digest_missing' : 'signature_components', `covered field ${name} is not in the message`);
      value = raw.trim().replace(/[ \t]*\r?\n[ \t]*/g, ' ');
    }
    lines.push(`${id}: ${value}`);
  }
  lines.push(`"@signature-params": ${serializeInnerList(signatureParams)}`);
  return lines.join('\n');
}

/** The signature parameters as Parley sends them, in this order: created, keyid, alg, tag, nonce. */
export function parleySignatureParams(components: readonly ComponentId[], keyid: string, created: number, nonce: string | undefined): InnerList {
  return {
    list: components.map(componentItem),
    params: new Map<string, BareItem>([
      ['created', { type: 'integer', value: created }],
      ['keyid', { type: 'string', value: keyid }],
      ['alg', { type: 'string', value: 'ed25519' }],
      ['tag', { type: 'string', value: SIGNATURE_TAG }],
      ...(nonce === undefined ? [] : [['nonce', { type: 'string', value: nonce }] as const]),
    ]),
  };
}

export interface SignedHeaders {
  readonly 'content-digest': string;
  readonly 'signature-input': string;
  readonly signature: string;
}

function signed(params: InnerList, base: string, key: SigningKey, digest: string): SignedHeaders {
  const signature = key.sign(Buffer.from(base, 'utf8'));
  return {
    'content-digest': digest,
    'signature-input': `${SIGNATURE_LABEL}=${serializeInnerList(params)}`,
    signature: `${SIGNATURE_LABEL}=:${signature.toString('base64')}:`,
  };
}

/**
 * Headers that sign a request: Content-Digest, Signature-Input and Signature. `nonce` is
 * `newNonce()` for every request sent (a fixed one only in test vectors).
 */
export function signRequest(input: {
  method: string; targetUri: string; body: Uint8Array | string; keyid: string; key: SigningKey; created: number; nonce: string;
}): SignedHeaders {
  const digest = contentDigest(input.body);
  const params = parleySignatureParams(REQUEST_COMPONENTS, input.keyid, input.created, input.nonce);
  const base = signatureBase(params, { method: input.method, targetUri: input.targetUri, headers: (n) => (n === 'content-digest' ? digest : undefined) });
  return signed(params, base, input.key, digest);
}

/**
 * A request as its response is bound to it: method and target URI (covered with `;req`) and
 * the request's nonce (echoed as the response's own; undefined when the request had none).
 */
export interface AnsweredRequest {
  readonly method: string;
  readonly targetUri: string;
  readonly nonce: string | undefined;
}

/** Headers that sign a response to `request` (bound to its method, target URI and nonce). */
export function signResponse(input: {
  status: number; body: Uint8Array | string; request: AnsweredRequest; keyid: string; key: SigningKey; created: number;
}): SignedHeaders {
  const digest = contentDigest(input.body);
  const params = parleySignatureParams(RESPONSE_COMPONENTS, input.keyid, input.created, input.request.nonce);
  const base = signatureBase(
    params,
    { ...input.request, headers: () => undefined },
    { status: input.status, headers: (n) => (n === 'content-digest' ? digest : undefined) },
  );
  return signed(params, base, input.key, digest);
}

interface ParsedSignature {
  readonly params: InnerList;
  readonly signature: Buffer;
  readonly keyid: string;
  readonly created: number;
  readonly nonce: string | undefined;
}

/** The `parley` member of a structured dictionary field, or undefined when there is none. */
function labelled(name: string, text: string): Member | undefined {
  try {
    return parseDictionary(text).get(SIGNATURE_LABEL);
  } catch (error) {
    fail('signature_malformed', `${name} is not a structured dictionary: ${(error as StructuredFieldError).message}`);
  }
}

/** The `nonce` signature parameter: absent, or a well-formed string. */
function nonceParam(params: InnerList): string | undefined {
  const nonce = params.params.get('nonce');
  if (nonce === undefined) return undefined;
  if (nonce.type !== 'string' || !NONCE_PATTERN.test(nonce.value)) {
    fail('signature_malformed', 'nonce must be a string of 16 to 64 base64url characters (A-Z, a-z, 0-9, "-", "_")');
  }
  return nonce.value;
}

/**
 * The well-formed `nonce` of a request's Parley signature, if any, whether or not the request
 * verifies: what the response echoes (a refusal too, so the client can tell it answers its
 * own request).
 */
export function requestNonce(headers: HeaderLookup): string | undefined {
  const text = headers('signature-input');
  if (text === undefined) return undefined;
  try {
    const params = labelled('Signature-Input', text);
    return params !== undefined && isInnerList(params) ? nonceParam(params) : undefined;
  } catch {
    return undefined;
  }
}

function parseSignature(headers: HeaderLookup, required: readonly ComponentId[], now: number): ParsedSignature {
  const inputText = headers('signature-input');
  const signatureText = headers('signature');
  if (inputText === undefined || signatureText === undefined) {
    fail('signature_missing', `the message has no ${inputText === undefined ? 'Signature-Input' : 'Signature'} field`);
  }
  const params = labelled('Signature-Input', inputText);
  const signature = labelled('Signature', signatureText);
  if (params === undefined || signature === undefined) fail('signature_missing', `no signature labelled "${SIGNATURE_LABEL}"`);
  if (!isInnerList(params)) fail('signature_malformed', 'Signature-Input member is not an inner list');
  if (isInnerList(signature) || signature.item.type !== 'bytes') fail('signature_malformed', 'Signature member is not a byte sequence');
  const p = params.params;
  for (const key of p.keys()) {
    if (!['created', 'keyid', 'alg', 'tag', 'nonce', 'expires'].includes(key)) fail('signature_malformed', `signature parameter ${key} is not supported`);
  }
  const created = p.get('created');
  const keyid = p.get('keyid');
  const alg = p.get('alg');
  const tag = p.get('tag');
  const expires = p.get('expires');
  if (created?.type !== 'integer') fail('signature_malformed', 'created is required (an integer)');
  if (keyid?.type !== 'string') fail('signature_malformed', 'keyid is required (a string)');
  if (alg !== undefined && (alg.type !== 'string' || alg.value !== 'ed25519')) fail('signature_malformed', 'alg must be "ed25519"');
  if (tag?.type !== 'string' || tag.value !== SIGNATURE_TAG) fail('signature_malformed', `tag must be "${SIGNATURE_TAG}"`);
  const nonce = nonceParam(params);
  const covered = new Set(params.list.map((i) => `${i.item.type === 'string' ? i.item.value : '?'}${i.params.has('req') ? ';req' : ''}`));
  const missing = required.filter((c) => !covered.has(`${c.name}${c.req ? ';req' : ''}`));
  if (missing.length > 0) fail('signature_components', `the signature does not cover ${missing.map((c) => `"${c.name}"${c.req ? ';req' : ''}`).join(', ')}`);
  if (Math.abs(now - created.value) > MAX_SKEW_SECONDS) {
    fail('signature_stale', `created ${created.value} is ${Math.abs(now - created.value)} s from this node's clock (at most ${MAX_SKEW_SECONDS} s)`);
  }
  if (expires !== undefined && (expires.type !== 'integer' || expires.value < now)) fail('signature_stale', 'the signature has expired');
  return { params, signature: signature.item.value, keyid: keyid.value, created: created.value, nonce };
}

function checkDigest(headers: HeaderLookup, body: Uint8Array | string): void {
  const text = headers('content-digest');
  if (text === undefined) fail('digest_missing', 'the message has no Content-Digest field');
  let digests;
  try {
    digests = parseDictionary(text);
  } catch (error) {
    fail('signature_malformed', `Content-Digest is not a structured dictionary: ${(error as Error).message}`);
  }
  const digest = digests.get('sha-256');
  if (digest === undefined || isInnerList(digest) || digest.item.type !== 'bytes') fail('digest_missing', 'Content-Digest has no sha-256 byte sequence');
  const actual = sha256(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  if (!actual.equals(digest.item.value)) {
    fail('digest_mismatch', `Content-Digest sha-256 ${digest.item.value.toString('base64')} is not the body's ${actual.toString('base64')}`);
  }
}

/**
 * Verifies a signed request; returns the keyid (the sending node), `created` and the nonce
 * (required on a request). `keyFor` answers the pinned note key of a node name, or
 * undefined. `now` is POSIX seconds. Pure: whether the nonce was used before is the caller's
 * to decide, after this returned (FederationServer.authenticate).
 */
export function verifyRequest(
  request: RequestParts & { body: Uint8Array | string },
  options: { now: number; keyFor: (keyid: string) => VerifyingKey | undefined },
): { keyid: string; created: number; nonce: string } {
  const parsed = parseSignature(request.headers, REQUEST_COMPONENTS, options.now);
  const { nonce } = parsed;
  if (nonce === undefined) fail('signature_malformed', 'nonce is required on a request (a fresh random string per request)');
  const key = options.keyFor(parsed.keyid);
  if (key === undefined) fail('signature_unknown_key', `keyid ${JSON.stringify(parsed.keyid)} is not a pinned peer of this node`);
  checkDigest(request.headers, request.body);
  const base = signatureBase(parsed.params, request);
  if (!key.verify(Buffer.from(base, 'utf8'), parsed.signature)) fail('signature_invalid', `the signature by ${parsed.keyid} does not verify`);
  return { keyid: parsed.keyid, created: parsed.created, nonce };
}

/**
 * Verifies a signed response to `request`, expecting it from `keyid` (the peer asked): a
 * genuine response that does not echo the request's nonce answers another request
 * (`signature_unbound`).
 */
export function verifyResponse(
  response: ResponseParts & { body: Uint8Array | string },
  request: AnsweredRequest,
  options: { now: number; keyid: string; key: VerifyingKey },
): void {
  const parsed = parseSignature(response.headers, RESPONSE_COMPONENTS, options.now);
  if (parsed.keyid !== options.keyid) fail('signature_unknown_key', `the response is signed by ${JSON.stringify(parsed.keyid)}, not ${options.keyid}`);
  checkDigest(response.headers, response.body);
  const base = signatureBase(parsed.params, { ...request, headers: () => undefined }, response);
  if (!options.key.verify(Buffer.from(base, 'utf8'), parsed.signature)) fail('signature_invalid', `the response signature by ${parsed.keyid} does not verify`);
  if (parsed.nonce !== request.nonce) {
    fail('signature_unbound', `the response carries nonce ${JSON.stringify(parsed.nonce ?? null)}, not the request's ${JSON.stringify(request.nonce ?? null)}: it answers another request`);
  }
}
