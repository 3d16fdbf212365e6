/**
 * C2SP tlog-cosignature v1 with Ed25519 (https://c2sp.org/tlog-cosignature): a witness's
 * statement that, at a time, the checkpoint is the largest consistent tree head it has seen
 * for that log. Parley nodes cosign each other's checkpoints (and a neutral node may too).
 *
 * A cosignature is a signed-note signature line `— <name> base64(key ID ‖ u64 time ‖ sig)`
 * appended to the checkpoint note. Key ID = SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4];
 * the signed message is `cosignature/v1\ntime <time>\n` followed by the checkpoint body.
 * Because the key ID's type byte differs from a note key's (0x01), tooling that verifies the
 * log's own signature sees a cosignature line as a signature by an unknown key and ignores
 * it, so a cosigned checkpoint is still a valid checkpoint note.
 *
 * The message does not name the cosigner, so one key must serve one cosigner name only:
 * nodes keep a witness key apart from their note key.
 */
import { VerificationError } from './errors.js';
import { sha256 } from './hash.js';
import { decodeBase64, verifyingKey, type SigningKey, type VerifyingKey } from './keys.js';
import { isValidKeyName } from './note.js';

const COSIGNATURE_TYPE = 0x04;
const SIG_PREFIX = '\u2014 ';
/** Largest timestamp the format allows (2^63 − 1 would do; seconds as a safe JS integer suffice). */
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

/** A cosigner as verifiers configure it: its name, key ID and public key. */
export interface CosignerVerifier {
  readonly name: string;
  readonly keyHash: number;
  readonly key: VerifyingKey;
}

/** A cosignature found on a note and verified: who, and when (POSIX seconds). */
export interface VerifiedCosignature {
  readonly name: string;
  readonly timestamp: number;
}

function bad(code: string, message: string): never {
  throw new VerificationError(code, message);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** The cosigner key ID: the first 4 bytes (big-endian) of SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key). */
export function cosignerKeyHash(name: string, publicKey: Uint8Array): number {
  return sha256(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.of(COSIGNATURE_TYPE), publicKey])).readUInt32BE(0);
}

/** The cosigner's verifier key string `<name>+<8 hex key ID>+<base64(0x04 ‖ public key)>`. */
export function cosignerKeyString(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) bad('cosigner_bad_key', `key name ${JSON.stringify(name)} must be non-empty, without spaces or '+'`);
  if (publicKey.length !== 32) bad('cosigner_bad_key', `an Ed25519 public key is 32 bytes, got ${publicKey.length}`);
  return `${name}+${hex8(cosignerKeyHash(name, publicKey))}+${Buffer.concat([Buffer.of(COSIGNATURE_TYPE), publicKey]).toString('base64')}`;
}

/** Parses a cosigner verifier key string; throws VerificationError `cosigner_bad_key`. */
export function parseCosignerKey(s: string): CosignerVerifier {
  const first = s.indexOf('+');
  const second = first < 0 ? -1 : s.indexOf('+', first + 1);
  if (second < 0) bad('cosigner_bad_key', 'a cosigner key is <name>+<hex key ID>+<base64 key>');
  const name = s.slice(0, first);
  const hash16 = s.slice(first + 1, second);
  if (!isValidKeyName(name)) bad('cosigner_bad_key', `key name ${JSON.stringify(name)} must be non-empty, without spaces or '+'`);
  if (!/^[0-9a-f]{8}$/i.test(hash16)) bad('cosigner_bad_key', `key ID must be 8 hex digits, got ${JSON.stringify(hash16)}`);
  const decoded = decodeBase64(s.slice(second + 1));
  if (decoded === undefined || decoded.length !== 33) bad('cosigner_bad_key', 'key must be base64 of 0x04 followed by a 32-byte Ed25519 key');
  if (decoded[0] !== COSIGNATURE_TYPE) bad('cosigner_bad_key', `signature type must be 0x04 (Ed25519 cosignature/v1), got 0x${hex8(decoded[0] ?? 0).slice(6)}`);
  const raw = decoded.subarray(1);
  const keyHash = Number.parseInt(hash16, 16);
  if (keyHash !== cosignerKeyHash(name, raw)) bad('cosigner_bad_key', 'key ID does not match name and key');
  return { name, keyHash, key: verifyingKey(raw) };
}

/** The bytes an Ed25519 cosigner signs: `cosignature/v1\ntime <t>\n` ‖ checkpoint body. */
export function cosignatureMessage(checkpointBody: string, timestamp: number): Buffer {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    bad('cosignature_malformed', `timestamp must be a non-negative integer number of seconds, got ${timestamp}`);
  }
  if (!checkpointBody.endsWith('\n')) bad('cosignature_malformed', 'checkpoint body must end with a newline');
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointBody}`, 'utf8');
}

/** One cosignature line (ending in "\n") over `checkpointBody` at `timestamp` (POSIX seconds). */
export function cosignatureLine(checkpointBody: string, cosigner: { name: string; key: SigningKey }, timestamp: number): string {
  if (!isValidKeyName(cosigner.name)) bad('cosignature_malformed', `key name ${JSON.stringify(cosigner.name)} is not valid`);
  const signature = cosigner.key.sign(cosignatureMessage(checkpointBody, timestamp));
  const payload = Buffer.alloc(12);
  payload.writeUInt32BE(cosignerKeyHash(cosigner.name, cosigner.key.publicKey), 0);
  payload.writeBigUInt64BE(BigInt(timestamp), 4);
  return `${SIG_PREFIX}${cosigner.name} ${Buffer.concat([payload, signature]).toString('base64')}\n`;
}

/** Splits a signed note into its body and signature lines (each without its newline). */
function splitNote(note: string): { body: string; lines: string[] } {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) bad('note_malformed', 'a note is text, a blank line, then signature lines');
  return { body: note.slice(0, split + 1), lines: note.slice(split + 2, -1).split('\n') };
}

/** The note with `line` added to its signatures (a line already present is not repeated). */
export function addCosignature(note: string, line: string): string {
  const { lines } = splitNote(note);
  if (!line.startsWith(SIG_PREFIX) || !line.endsWith('\n') || line.indexOf('\n') !== line.length - 1) {
    bad('cosignature_malformed', 'a cosignature is one signature line ending in a newline');
  }
  return lines.includes(line.slice(0, -1)) ? note : note + line;
}

/**
 * The cosignatures on `note` by the given cosigners, each verified over the note's body. A line
 * naming a configured cosigner (name and key ID) that does not verify rejects the note; lines
 * by anyone else (the log's own signature, unknown witnesses) are ignored here.
 */
export function openCosignatures(note: string, cosigners: readonly CosignerVerifier[]): VerifiedCosignature[] {
  const { body, lines } = splitNote(note);
  const found: VerifiedCosignature[] = [];
  for (const line of lines) {
    if (!line.startsWith(SIG_PREFIX)) bad('note_malformed', 'a signature line starts with "— "');
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space < 0) bad('note_malformed', 'a signature line is "— <name> <base64>"');
    const name = rest.slice(0, space);
    const raw = decodeBase64(rest.slice(space + 1));
    if (raw === undefined || raw.length < 4) bad('note_malformed', `signature by ${name} is not base64`);
    const keyHash = raw.readUInt32BE(0);
    const cosigner = cosigners.find((c) => c.name === name && c.keyHash === keyHash);
    if (cosigner === undefined) continue;
    if (raw.length !== 4 + 8 + 64) bad('cosignature_invalid', `cosignature by ${name} must be 76 bytes, got ${raw.length}`);
    const timestamp = raw.readBigUInt64BE(4);
    if (timestamp > BigInt(MAX_TIMESTAMP)) bad('cosignature_invalid', `cosignature by ${name} has timestamp ${timestamp} out of range`);
    if (!cosigner.key.verify(cosignatureMessage(body, Number(timestamp)), raw.subarray(12))) {
      bad('cosignature_invalid', `cosignature by ${name}+${hex8(keyHash)} does not verify`);
    }
    if (!found.some((c) => c.name === name)) found.push({ name, timestamp: Number(timestamp) });
  }
  return found;
}
