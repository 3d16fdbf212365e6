/**
 * C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys, signature type 0x01.
 *
 * A note is text (ending in "\n"), a blank line, then signature lines
 * `— <name> <base64(key ID ‖ signature)>\n`. The key ID is the first 4 bytes of
 * SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key); a verifier key string is
 * `<name>+<8 hex key ID>+<base64(0x01 ‖ public key)>`. Parsing follows the reference verifier
 * (golang.org/x/mod/sumdb/note) so that anything this module accepts, that one accepts too.
 */
import { VerificationError } from './errors.js';
import { sha256 } from './hash.js';
import { decodeBase64, verifyingKey, type SigningKey, type VerifyingKey } from './keys.js';

const ED25519_TYPE = 0x01;
const SIG_PREFIX = '\u2014 ';
/** Unicode White_Space, as Go's unicode.IsSpace sees it (which the reference uses for names). */
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/u;
/** ASCII control characters other than newline are forbidden anywhere in a note. */
const FORBIDDEN_CONTROL = /[\u0000-\u0009\u000B-\u001F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The reference verifier stops after this many signature lines; so do we. */
const MAX_SIGNATURES = 100;

/** A verifier from a verifier key string: the note key's name, key ID and public key. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyHash: number;
  readonly key: VerifyingKey;
}

/** A signer: the key name it signs under and its Ed25519 key. */
export interface NoteSigner {
  readonly name: string;
  readonly key: SigningKey;
}

/** An opened note: its text, the names of verified signers, and signatures by unknown keys. */
export interface OpenedNote {
  readonly text: string;
  readonly verified: readonly string[];
  readonly unknown: readonly { readonly name: string; readonly keyHash: number }[];
}

function malformed(message: string): never {
  throw new VerificationError('note_malformed', message);
}

/** Whether `name` may name a note key: non-empty, no Unicode space, no '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !UNICODE_SPACE.test(name) && !name.includes('+') && !LONE_SURROGATE.test(name);
}

function checkName(name: string, code: string): void {
  if (!isValidKeyName(name)) {
    throw new VerificationError(code, `key name ${JSON.stringify(name)} must be non-empty, without spaces or '+'`);
  }
}

/** The note key ID: the first 4 bytes (big-endian) of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). */
export function noteKeyHash(name: string, publicKey: Uint8Array): number {
  const digest = sha256(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.of(ED25519_TYPE), publicKey]));
  return digest.readUInt32BE(0);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** The verifier key string `<name>+<8 hex key ID>+<base64(0x01 ‖ public key)>`. */
export function verifierKeyString(name: string, publicKey: Uint8Array): string {
  checkName(name, 'note_bad_key');
  if (publicKey.length !== 32) throw new VerificationError('note_bad_key', `an Ed25519 public key is 32 bytes, got ${publicKey.length}`);
  const encoded = Buffer.concat([Buffer.of(ED25519_TYPE), publicKey]).toString('base64');
  return `${name}+${hex8(noteKeyHash(name, publicKey))}+${encoded}`;
}

/** Parses a verifier key string; throws VerificationError `note_bad_key` when it is not one. */
export function parseVerifierKey(s: string): NoteVerifier {
  // The name has no '+', the key ID is hex; the base64 key may itself contain '+'.
  const first = s.indexOf('+');
  const second = first < 0 ? -1 : s.indexOf('+', first + 1);
  if (second < 0) throw new VerificationError('note_bad_key', 'a verifier key is <name>+<hex key ID>+<base64 key>');
  const name = s.slice(0, first);
  const hash16 = s.slice(first + 1, second);
  const key64 = s.slice(second + 1);
  checkName(name, 'note_bad_key');
  if (!/^[0-9a-f]{8}$/i.test(hash16)) throw new VerificationError('note_bad_key', `key ID must be 8 hex digits, got ${JSON.stringify(hash16)}`);
  const decoded = decodeBase64(key64);
  if (decoded === undefined || decoded.length === 0) throw new VerificationError('note_bad_key', 'key must be base64');
  if (decoded[0] !== ED25519_TYPE) throw new VerificationError('note_bad_key', `unsupported signature type 0x${hex8(decoded[0] ?? 0).slice(6)}; only Ed25519 (0x01)`);
  const raw = decoded.subarray(1);
  if (raw.length !== 32) throw new VerificationError('note_bad_key', `an Ed25519 public key is 32 bytes, got ${raw.length}`);
  const keyHash = Number.parseInt(hash16, 16);
  const computed = noteKeyHash(name, raw);
  if (keyHash !== computed) {
    throw new VerificationError('note_bad_key', 'key ID does not match name and key', { expected: hex8(computed), actual: hash16 });
  }
  return { name, keyHash, key: verifyingKey(raw) };
}

/** Signs `text` (which must end in "\n") with every signer; returns the note text. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n')) malformed('note text must end with a newline');
  if (FORBIDDEN_CONTROL.test(text)) malformed('note text must not contain control characters other than newline');
  if (LONE_SURROGATE.test(text)) malformed('note text must be valid Unicode');
  if (signers.length === 0) malformed('a note needs at least one signature');
  const message = Buffer.from(text, 'utf8');
  let lines = '';
  for (const { name, key } of signers) {
    checkName(name, 'note_malformed');
    const id = Buffer.alloc(4);
    id.writeUInt32BE(noteKeyHash(name, key.publicKey));
    lines += `${SIG_PREFIX}${name} ${Buffer.concat([id, key.sign(message)]).toString('base64')}\n`;
  }
  return `${text}\n${lines}`;
}

/**
 * Opens a note: checks every signature by a known key (a failure rejects the whole note),
 * records signatures by unknown keys, and requires at least one verified signature.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  if (FORBIDDEN_CONTROL.test(note)) malformed('a note must not contain control characters other than newline');
  if (LONE_SURROGATE.test(note)) malformed('a note must be valid Unicode');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) malformed('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) malformed('signature block must be non-empty lines ending in newline');
  const message = Buffer.from(text, 'utf8');
  const verified: string[] = [];
  const unknown: { name: string; keyHash: number }[] = [];
  const seen = new Set<string>();
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) malformed(`more than ${MAX_SIGNATURES} signature lines`);
  for (const [i, line] of lines.entries()) {
    if (!line.startsWith(SIG_PREFIX)) malformed(`signature line ${i + 1} does not start with "— "`);
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const sig = space < 0 ? undefined : decodeBase64(rest.slice(space + 1));
    if (!isValidKeyName(name) || sig === undefined || sig.length < 5) malformed(`signature line ${i + 1} is malformed`);
    const keyHash = sig.readUInt32BE(0);
    const identity = `${name}+${hex8(keyHash)}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const verifier = verifiers.find((v) => v.name === name && v.keyHash === keyHash);
    if (verifier === undefined) {
      unknown.push({ name, keyHash });
      continue;
    }
    if (!verifier.key.verify(message, sig.subarray(4))) {
      throw new VerificationError('note_signature_invalid', `signature by ${identity} does not verify`);
    }
    verified.push(name);
  }
  if (verified.length === 0) {
    const found = unknown.map((u) => `${u.name}+${hex8(u.keyHash)}`).join(', ');
    const wanted = verifiers.map((v) => `${v.name}+${hex8(v.keyHash)}`).join(', ');
    throw new VerificationError('note_no_known_signature', 'no signature by a known key', { expected: wanted || '(none)', actual: found || '(none)' });
  }
  return { text, verified, unknown };
}
