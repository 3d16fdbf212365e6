// RFC 9421 HTTP Message Signatures (Ed25519) and RFC 9530 Content-Digest as federation uses
// them: the RFC's own Ed25519 example reproduced byte for byte, Parley's golden request and
// response vectors (signatures cross-checked with `openssl pkeyutl -sign -rawin` over signature
// bases written out by hand), and every tampered variant refused with its reason.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signingKeyFromSeed, verifyingKey, type VerifyingKey } from '../record/index.js';
import {
  MAX_SKEW_SECONDS, REQUEST_COMPONENTS, contentDigest, headerLookup, newNonce, parleySignatureParams, requestNonce, signRequest, signResponse,
  signatureBase, verifyRequest, verifyResponse, type HttpSignatureErrorCode,
} from './http-signature.js';
import { parseDictionary, serializeBareItem, serializeInnerList, type BareItem, type InnerList } from './structured-fields.js';

describe('RFC 9421 Appendix B.2.6 (Ed25519), reproduced', () => {
  // test-key-ed25519 of RFC 9421 B.1.4.
  const der = Buffer.from('MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF', 'base64');
  const key = signingKeyFromSeed(der.subarray(16));
  const params: InnerList = {
    list: ['date', '@method', '@path', '@authority', 'content-type', 'content-length'].map((name) => ({ item: { type: 'string', value: name }, params: new Map() })),
    params: new Map<string, BareItem>([['created', { type: 'integer', value: 1618884473 }], ['keyid', { type: 'string', value: 'test-key-ed25519' }]]),
  };
  const request = {
    method: 'POST', targetUri: 'https://example.com/foo?param=Value&Pet=dog',
    headers: headerLookup({ Date: 'Tue, 20 Apr 2021 02:07:55 GMT', 'Content-Type': 'application/json', 'Content-Length': '18' }),
  };

  it('gives the RFC\'s signature base and signature', () => {
    const base = signatureBase(params, request);
    expect(base).toBe([
      '"date": Tue, 20 Apr 2021 02:07:55 GMT', '"@method": POST', '"@path": /foo', '"@authority": example.com',
      '"content-type": application/json', '"content-length": 18',
      '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
    ].join('\n'));
    expect(key.sign(Buffer.from(base)).toString('base64'))
      .toBe('wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==');
    const publicDer = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
    expect(Buffer.from(publicDer).toString('base64')).toBe('MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=');
  });

  it('RFC 9530: the sha-256 Content-Digest of {"hello": "world"}', () => {
    expect(contentDigest('{"hello": "world"}')).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
  });
});

// Parley's profile: a fixed key, request and response (signatures checked with OpenSSL).
const seed = Buffer.from('7061726c65792068747470207369676e617475726520766563746f722e2e2e2e', 'hex');
const alphaKey = signingKeyFromSeed(seed);
const alphaPublic = verifyingKey(alphaKey.publicKey);
const CREATED = 1767225600;
const TARGET = 'http://127.0.0.1:8081/federation/v1/dialogues/pacific-channels/events';
const BODY = '{"events":[]}';
/** base64url of the 16 bytes "parley nonce 001" (a real request's nonce is random: newNonce). */
const NONCE = 'cGFybGV5IG5vbmNlIDAwMQ';
const GOLDEN_REQUEST = {
  'content-digest': 'sha-256=:JN4cShnEOtQbAT8T3NhYwXsNqn8zpT8ZkT5bETZtHC4=:',
  'signature-input': `parley=("@method" "@target-uri" "content-digest");created=1767225600;keyid="alpha.test";alg="ed25519";tag="parley-federation/1";nonce="${NONCE}"`,
  signature: 'parley=:yi3THCvPsBSN4a5J6nSBu5JrlIr31ubsPpwB1k8ClDqKaf1rYLhoQmo8hYXA15SDXp7g35+NJjB/zQqNd7g9BA==:',
};
const GOLDEN_RESPONSE = {
  'content-digest': 'sha-256=:JytWBYUGThsuHcE2pcFrRUtQxzNwVETvmf47DThhe2o=:',
  'signature-input': `parley=("@status" "content-digest" "@method";req "@target-uri";req);created=1767225601;keyid="beta.test";alg="ed25519";tag="parley-federation/1";nonce="${NONCE}"`,
  signature: 'parley=:qjBpj1Vc8VJeIvbKpzhADsEXgy+ttfnpzH5mp3OeaKnAFiV/EsFDpHZ5DjANo87dlWd7yjHqq6WFuw1D/bJ6CQ==:',
};
/**
 * A genuine answer, by the same key, to an identical request sent 11 s earlier with the nonce
 * "parley nonce 000": what a man-in-the-middle would replay in place of GOLDEN_RESPONSE.
 */
const EARLIER_RESPONSE = {
  'content-digest': 'sha-256=:JytWBYUGThsuHcE2pcFrRUtQxzNwVETvmf47DThhe2o=:',
  'signature-input': 'parley=("@status" "content-digest" "@method";req "@target-uri";req);created=1767225590;keyid="beta.test";alg="ed25519";tag="parley-federation/1";nonce="cGFybGV5IG5vbmNlIDAwMA"',
  signature: 'parley=:1EAishbPLBLqzKO+oZjbUxyQtdM0Sl0boiaKgm0NtbmrpKubBeKX/drhak0eCnLOzk92Inb9fRnORlF36+V8Aw==:',
};
const withInput = (input: string) => ({ 'signature-input': input });

const pinned = (keyid: string): VerifyingKey | undefined => (keyid === 'alpha.test' ? alphaPublic : undefined);

function verifyReq(overrides: { method?: string; targetUri?: string; body?: string; headers?: Record<string, string | undefined>; now?: number } = {}) {
  return verifyRequest(
    { method: overrides.method ?? 'POST', targetUri: overrides.targetUri ?? TARGET, body: overrides.body ?? BODY, headers: headerLookup({ ...GOLDEN_REQUEST, ...overrides.headers }) },
    { now: overrides.now ?? CREATED + 10, keyFor: pinned },
  );
}

function refusal(work: () => unknown): HttpSignatureErrorCode | 'accepted' {
  try {
    work();
    return 'accepted';
  } catch (error) {
    return (error as { code: HttpSignatureErrorCode }).code;
  }
}

describe('Parley request signatures (golden vector)', () => {
  it('signs the golden request exactly and verifies it', () => {
    expect(signRequest({ method: 'POST', targetUri: TARGET, body: BODY, keyid: 'alpha.test', key: alphaKey, created: CREATED, nonce: NONCE })).toEqual(GOLDEN_REQUEST);
    expect(verifyReq()).toEqual({ keyid: 'alpha.test', created: CREATED, nonce: NONCE });
    // At the edge of the allowed skew, both ways.
    expect(refusal(() => verifyReq({ now: CREATED + MAX_SKEW_SECONDS }))).toBe('accepted');
    expect(refusal(() => verifyReq({ now: CREATED - MAX_SKEW_SECONDS }))).toBe('accepted');
  });

  it.each<[string, Parameters<typeof verifyReq>[0], HttpSignatureErrorCode]>([
    ['another method', { method: 'PUT' }, 'signature_invalid'],
    ['another path', { targetUri: TARGET.replace('pacific-channels', 'other') }, 'signature_invalid'],
    ['another host', { targetUri: TARGET.replace('8081', '8082') }, 'signature_invalid'],
    ['a query added', { targetUri: `${TARGET}?after=0` }, 'signature_invalid'],
    ['another body', { body: '{"events":[1]}' }, 'digest_mismatch'],
    ['another body with its own digest', { body: '{"events":[1]}', headers: { 'content-digest': contentDigest('{"events":[1]}') } }, 'signature_invalid'],
    ['created 301 s in the past', { now: CREATED + MAX_SKEW_SECONDS + 1 }, 'signature_stale'],
    ['created 301 s in the future', { now: CREATED - MAX_SKEW_SECONDS - 1 }, 'signature_stale'],
    ['an unknown keyid', { headers: { 'signature-input': GOLDEN_REQUEST['signature-input'].replace('alpha.test', 'mallory.test') } }, 'signature_unknown_key'],
    ['a keyid of another pinned key re-labelled', { headers: { 'signature-input': GOLDEN_REQUEST['signature-input'].replace('created=1767225600', 'created=1767225601') } }, 'signature_invalid'],
    ['no Signature', { headers: { signature: undefined } }, 'signature_missing'],
    ['no Signature-Input', { headers: { 'signature-input': undefined } }, 'signature_missing'],
    ['no Content-Digest', { headers: { 'content-digest': undefined } }, 'digest_missing'],
    ['a sha-512 digest only', { headers: { 'content-digest': 'sha-512=:AAAA:' } }, 'digest_missing'],
    ['another label', { headers: { signature: GOLDEN_REQUEST.signature.replace('parley=', 'other='), 'signature-input': GOLDEN_REQUEST['signature-input'].replace('parley=', 'other=') } }, 'signature_missing'],
    ['@target-uri not covered', { headers: { 'signature-input': GOLDEN_REQUEST['signature-input'].replace(' "@target-uri"', '') } }, 'signature_components'],
    ['content-digest not covered', { headers: { 'signature-input': GOLDEN_REQUEST['signature-input'].replace(' "content-digest"', '') } }, 'signature_components'],
    ['another tag', { headers: { 'signature-input': GOLDEN_REQUEST['signature-input'].replace('parley-federation/1', 'other/1') } }, 'signature_malformed'],
    ['another alg', { headers: { 'signature-input': GOLDEN_REQUEST['signature-input'].replace('"ed25519"', '"rsa-pss-sha512"') } }, 'signature_malformed'],
    ['no created', { headers: { 'signature-input': GOLDEN_REQUEST['signature-input'].replace(';created=1767225600', '') } }, 'signature_malformed'],
    ['a signature that is not a byte sequence', { headers: { signature: 'parley="abc"' } }, 'signature_malformed'],
    ['a signature cut short', { headers: { signature: 'parley=:yi3THCvPsBSN4a5J6nSBu5JrlIr31ubsPpwB1k8C:' } }, 'signature_invalid'],
    ['a broken dictionary', { headers: { 'signature-input': 'parley=("@method"' } }, 'signature_malformed'],
    ['no nonce', { headers: withInput(GOLDEN_REQUEST['signature-input'].replace(`;nonce="${NONCE}"`, '')) }, 'signature_malformed'],
    ['another nonce', { headers: withInput(GOLDEN_REQUEST['signature-input'].replace(NONCE, 'cGFybGV5IG5vbmNlIDAwMg')) }, 'signature_invalid'],
    ['a nonce of 15 characters', { headers: withInput(GOLDEN_REQUEST['signature-input'].replace(NONCE, NONCE.slice(0, 15))) }, 'signature_malformed'],
    ['a nonce of 65 characters', { headers: withInput(GOLDEN_REQUEST['signature-input'].replace(NONCE, 'n'.repeat(65))) }, 'signature_malformed'],
    ['a nonce outside the base64url alphabet', { headers: withInput(GOLDEN_REQUEST['signature-input'].replace(NONCE, `${NONCE.slice(0, -1)}+`)) }, 'signature_malformed'],
    ['a nonce that is a token, not a string', { headers: withInput(GOLDEN_REQUEST['signature-input'].replace(`"${NONCE}"`, `n${NONCE}`)) }, 'signature_malformed'],
  ])('refuses %s', (_name, overrides, code) => {
    expect(refusal(() => verifyReq(overrides))).toBe(code);
  });

  it('refuses a request validly signed without a nonce (as a node of an earlier version signs)', () => {
    const params = parleySignatureParams(REQUEST_COMPONENTS, 'alpha.test', CREATED, undefined);
    const base = signatureBase(params, { method: 'POST', targetUri: TARGET, headers: headerLookup(GOLDEN_REQUEST) });
    const headers = {
      'signature-input': `parley=${serializeInnerList(params)}`,
      signature: `parley=:${alphaKey.sign(Buffer.from(base)).toString('base64')}:`,
    };
    expect(headers['signature-input']).toBe(GOLDEN_REQUEST['signature-input'].replace(`;nonce="${NONCE}"`, ''));
    expect(refusal(() => verifyReq({ headers }))).toBe('signature_malformed');
  });

  it('new nonces are 128 random bits, base64url without padding, and verify', () => {
    const [first, second] = [newNonce(), newNonce()];
    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(first, 'base64url')).toHaveLength(16);
    expect(first).not.toBe(second);
    const headers = signRequest({ method: 'GET', targetUri: TARGET, body: '', keyid: 'alpha.test', key: alphaKey, created: CREATED, nonce: first });
    expect(verifyRequest({ method: 'GET', targetUri: TARGET, body: '', headers: headerLookup({ ...headers }) }, { now: CREATED, keyFor: pinned }).nonce).toBe(first);
  });

  it('the nonce a response echoes is read from a request whether or not it verifies, if well formed', () => {
    expect(requestNonce(headerLookup(GOLDEN_REQUEST))).toBe(NONCE);
    expect(requestNonce(headerLookup({ ...GOLDEN_REQUEST, signature: 'parley=:AAAA:' }))).toBe(NONCE);
    expect(requestNonce(headerLookup({}))).toBeUndefined();
    expect(requestNonce(headerLookup(withInput(GOLDEN_REQUEST['signature-input'].replace(NONCE, 'short'))))).toBeUndefined();
    expect(requestNonce(headerLookup(withInput('parley=("@method"')))).toBeUndefined();
  });
});

describe('Parley response signatures (golden vector)', () => {
  const request = { method: 'POST', targetUri: TARGET, nonce: NONCE as string | undefined };
  const RESPONSE_BODY = '{"accepted":0}';
  const verify = (o: { status?: number; body?: string; request?: typeof request; headers?: Record<string, string | undefined>; keyid?: string } = {}) =>
    verifyResponse(
      { status: o.status ?? 200, body: o.body ?? RESPONSE_BODY, headers: headerLookup({ ...GOLDEN_RESPONSE, ...o.headers }) },
      o.request ?? request,
      { now: CREATED, keyid: o.keyid ?? 'beta.test', key: alphaPublic },
    );

  it('signs the golden response exactly and verifies it', () => {
    expect(signResponse({ status: 200, body: RESPONSE_BODY, request, keyid: 'beta.test', key: alphaKey, created: CREATED + 1 })).toEqual(GOLDEN_RESPONSE);
    expect(signResponse({ status: 200, body: RESPONSE_BODY, request: { ...request, nonce: 'cGFybGV5IG5vbmNlIDAwMA' }, keyid: 'beta.test', key: alphaKey, created: CREATED - 10 }))
      .toEqual(EARLIER_RESPONSE);
    expect(refusal(() => verify())).toBe('accepted');
  });

  it.each<[string, Parameters<typeof verify>[0], HttpSignatureErrorCode]>([
    ['another status', { status: 409 }, 'signature_invalid'],
    ['another body', { body: '{"accepted":1}' }, 'digest_mismatch'],
    ['an answer to another request (replayed)', { request: { ...request, targetUri: TARGET.replace('events', 'checkpoint') } }, 'signature_invalid'],
    ['an answer to another method', { request: { ...request, method: 'GET' } }, 'signature_invalid'],
    ['signed by another node', { keyid: 'alpha.test' }, 'signature_unknown_key'],
    ['unsigned', { headers: { signature: undefined, 'signature-input': undefined } }, 'signature_missing'],
    ['not bound to the request', { headers: { 'signature-input': GOLDEN_RESPONSE['signature-input'].replace(' "@target-uri";req', '') } }, 'signature_components'],
    ['a genuine answer to an identical earlier request (replayed: another nonce)', { headers: EARLIER_RESPONSE }, 'signature_unbound'],
    ['the golden answer, to a request with another nonce', { request: { ...request, nonce: 'cGFybGV5IG5vbmNlIDAwMg' } }, 'signature_unbound'],
    ['the golden answer, to a request without a nonce', { request: { ...request, nonce: undefined } }, 'signature_unbound'],
    ['its nonce changed', { headers: withInput(GOLDEN_RESPONSE['signature-input'].replace(NONCE, 'cGFybGV5IG5vbmNlIDAwMg')) }, 'signature_invalid'],
    ['its nonce removed', { headers: withInput(GOLDEN_RESPONSE['signature-input'].replace(`;nonce="${NONCE}"`, '')) }, 'signature_invalid'],
  ])('refuses %s', (_name, overrides, code) => {
    expect(refusal(() => verify(overrides))).toBe(code);
  });

  it('a genuine answer echoing no nonce is refused where the request carried one', () => {
    const unbound = signResponse({ status: 200, body: RESPONSE_BODY, request: { ...request, nonce: undefined }, keyid: 'beta.test', key: alphaKey, created: CREATED });
    expect(refusal(() => verify({ headers: { ...unbound } }))).toBe('signature_unbound');
    expect(refusal(() => verify({ headers: { ...unbound }, request: { ...request, nonce: undefined } }))).toBe('accepted');
  });
});

describe('RFC 8941 structured fields', () => {
  it('parses dictionaries with inner lists, parameters and every bare item type', () => {
    const dict = parseDictionary('a=("x" "y";req);n=5;s="q\\"t", b=:AQID:, c, d=?0, e=tok/1');
    expect(dict.get('a')).toMatchObject({ list: [{ item: { value: 'x' } }, { item: { value: 'y' } }] });
    expect(dict.get('b')).toMatchObject({ item: { type: 'bytes', value: Buffer.from([1, 2, 3]) } });
    expect(dict.get('c')).toMatchObject({ item: { type: 'boolean', value: true } });
    expect(dict.get('d')).toMatchObject({ item: { type: 'boolean', value: false } });
    expect(dict.get('e')).toMatchObject({ item: { type: 'token', value: 'tok/1' } });
  });

  it.each(['a=', 'A=1', 'a=1,', 'a=1 b=2', 'a="\\x"', 'a=1234567890123456', 'a=1.5', 'a=:AQ@D:', 'a=("x"', 'a=("x""y")'])('refuses %j', (text) => {
    expect(() => parseDictionary(text)).toThrow();
  });

  it('strings survive serialise → parse (property)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[\x20-\x7e]*$/), (value) => {
      const parsed = parseDictionary(`k=${serializeBareItem({ type: 'string', value })}`).get('k');
      expect(parsed).toMatchObject({ item: { type: 'string', value } });
    }));
  });
});
