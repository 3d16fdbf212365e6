/**
 * The calling side of /federation/v1: requests to one pinned peer, each signed with this
 * node's note key (RFC 9421) and carrying a fresh nonce, and each response accepted only if
 * it is signed by the peer's pinned note key and bound to the request — its method, target
 * URI and nonce (an unsigned or forged answer, or a genuine answer to an earlier request —
 * a man-in-the-middle, a misrouted proxy — is an error, never data).
 */
import type { Clock } from '../node/ports.js';
import type { PeerRecord } from '../node/peer-ports.js';
import { parseVerifierKey, type SigningKey, type VerifyingKey } from '../record/index.js';
import { headerLookup, newNonce, signRequest, verifyResponse } from './http-signature.js';

export const FEDERATION_PATH = '/federation/v1';

/** The peer could not be reached, or answered without a valid signature. */
export class PeerUnavailableError extends Error {
  override name = 'PeerUnavailableError';
  constructor(readonly peer: string, message: string, options?: { cause?: unknown }) {
    super(`${peer}: ${message}`, options);
  }
}

export interface PeerResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
  text(): string;
  json<T>(): T;
}

export interface PeerClientOptions {
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
  /** Largest response body accepted (default 64 MiB). */
  readonly maxResponseBytes?: number;
}

export class PeerClient {
  private readonly peerKey: VerifyingKey;

  constructor(
    private readonly self: { readonly name: string; readonly noteKey: SigningKey; readonly clock: Clock },
    readonly peer: PeerRecord,
    private readonly options: PeerClientOptions = {},
  ) {
    this.peerKey = parseVerifierKey(peer.noteKey).key;
  }

  /** Sends a signed request to `path` (under /federation/v1) and verifies the signed answer. */
  async request(method: 'GET' | 'POST', path: string, body?: { text: string; contentType: string }): Promise<PeerResponse> {
    if (this.peer.url === undefined) throw new PeerUnavailableError(this.peer.name, 'no URL pinned for this peer');
    const targetUri = `${this.peer.url}${FEDERATION_PATH}${path}`;
    const bytes = Buffer.from(body?.text ?? '', 'utf8');
    const now = () => Math.floor(this.self.clock.now().getTime() / 1000);
    const nonce = newNonce();
    const signed = signRequest({ method, targetUri, body: bytes, keyid: this.self.name, key: this.self.noteKey, created: now(), nonce });
    let response: Response;
    try {
      response = await fetch(targetUri, {
        method,
        headers: { ...signed, ...(body ? { 'content-type': body.contentType } : {}) },
        ...(method === 'POST' ? { body: bytes } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
    } catch (error) {
      throw new PeerUnavailableError(this.peer.name, `request to ${targetUri} failed: ${(error as Error).message}`, { cause: error });
    }
    const limit = this.options.maxResponseBytes ?? 64 * 1024 * 1024;
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > limit) {
      await response.body?.cancel();
      throw new PeerUnavailableError(this.peer.name, `response of ${declared} bytes is larger than ${limit}`);
    }
    let received: Buffer;
    try {
      received = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw new PeerUnavailableError(this.peer.name, `reading the response failed: ${(error as Error).message}`, { cause: error });
    }
    if (received.length > limit) throw new PeerUnavailableError(this.peer.name, `response larger than ${limit} bytes`);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => { headers[name] = value; });
    try {
      verifyResponse({ status: response.status, headers: headerLookup(headers), body: received }, { method, targetUri, nonce }, { now: now(), keyid: this.peer.name, key: this.peerKey });
    } catch (error) {
      throw new PeerUnavailableError(this.peer.name, `response refused: ${(error as Error).message}`, { cause: error });
    }
    return {
      status: response.status,
      contentType: headers['content-type'] ?? '',
      body: received,
      text: () => received.toString('utf8'),
      json: <T>() => JSON.parse(received.toString('utf8')) as T,
    };
  }
}
