/**
 * Checks a checkpoint's signature in the browser (WebCrypto Ed25519), by the C2SP
 * signed-note rules of docs/formats.md §6: the verifier key `name+hash+base64(0x01‖key)`,
 * the key hash = SHA-256(name ‖ \n ‖ 0x01 ‖ key)[:4], and a signature line
 * `— name base64(hash ‖ sig)` over the body (the text before the last blank line, with its
 * final newline). This tells the reader the checkpoint was signed by the log key shown, not
 * that the log key is the one they expect: compare it with what the node's operator gave you.
 */

export type NoteCheck = 'verified' | 'invalid' | 'unsigned' | 'unavailable';

const decode = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) { joined.set(part, at); at += part.length; }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

/** 'unavailable' where WebCrypto is missing (pages not served over HTTPS or from localhost). */
export async function checkSignedNote(note: string, verifierKey: string): Promise<NoteCheck> {
  if (!globalThis.crypto?.subtle) return 'unavailable';
  const split = note.lastIndexOf('\n\n');
  // The key's base64 may itself contain '+': only the first two separate fields.
  const [name, hashHex, ...rest] = verifierKey.split('+');
  const keyB64 = rest.join('+');
  if (split < 0 || !name || !hashHex || !keyB64) return 'invalid';
  const body = note.slice(0, split + 1);
  const encoder = new TextEncoder();
  let key: Uint8Array;
  try { key = decode(keyB64); } catch { return 'invalid'; }
  if (key.length !== 33 || key[0] !== 0x01) return 'invalid';
  const keyHash = (await sha256(encoder.encode(`${name}\n`), key)).slice(0, 4);
  if (Array.from(keyHash, (b) => b.toString(16).padStart(2, '0')).join('') !== hashHex.toLowerCase()) return 'invalid';
  const lines = note.slice(split + 2).split('\n').filter((l) => l.startsWith(`— ${name} `));
  for (const line of lines) {
    let signed: Uint8Array;
    try { signed = decode(line.slice(`— ${name} `.length)); } catch { continue; }
    if (signed.length !== 68 || !equalBytes(signed.slice(0, 4), keyHash)) continue;
    try {
      const publicKey = await crypto.subtle.importKey('raw', key.slice(1), { name: 'Ed25519' }, false, ['verify']);
      return (await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signed.slice(4), encoder.encode(body))) ? 'verified' : 'invalid';
    } catch {
      return 'unavailable'; // a browser without Ed25519 in WebCrypto
    }
  }
  return 'unsigned';
}
