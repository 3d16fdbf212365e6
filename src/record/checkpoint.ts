/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the signed tree head of a
 * dialogue's Merkle log. The body is `<origin>\n<tree size>\n<base64 root>\n` followed by
 * optional non-empty extension lines, and travels as a signed note (./note.ts).
 * Parley's origin is `<node name>/<dialogue id>`.
 */
import { VerificationError } from './errors.js';
import { decodeBase64 } from './keys.js';
import { openNote, parseVerifierKey, signNote, type NoteSigner } from './note.js';

/** A log's tree head at one size. `extensions` are opaque lines kept as they were. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
  readonly extensions?: readonly string[];
}

/** An opened checkpoint: the tree head, the signer's key name and the note it came from. */
export interface OpenedCheckpoint extends Checkpoint {
  readonly signer: string;
  readonly note: string;
}

const SIZE_PATTERN = /^(?:0|[1-9][0-9]*)$/;

function malformed(message: string): never {
  throw new VerificationError('checkpoint_malformed', message);
}

/** The checkpoint origin of a dialogue on a node. */
export function checkpointOrigin(nodeName: string, dialogueId: string): string {
  return `${nodeName}/${dialogueId}`;
}

/** The checkpoint body text (ends with "\n"). */
export function formatCheckpoint(cp: Checkpoint): string {
  if (cp.origin.length === 0 || cp.origin.includes('\n')) malformed('origin must be one non-empty line');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) malformed(`tree size must be a non-negative safe integer, got ${cp.size}`);
  if (cp.root.length !== 32) malformed(`root must be 32 bytes, got ${cp.root.length}`);
  const extensions = cp.extensions ?? [];
  for (const line of extensions) if (line.length === 0 || line.includes('\n')) malformed('extension lines must be non-empty single lines');
  return [cp.origin, String(cp.size), cp.root.toString('base64'), ...extensions].join('\n') + '\n';
}

/** Parses a checkpoint body strictly: decimal size without leading zeros, 32-byte root. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) malformed('checkpoint text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) malformed(`a checkpoint has at least 3 lines, got ${lines.length}`);
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) malformed('origin line is empty');
  if (!SIZE_PATTERN.test(sizeText)) malformed(`tree size ${JSON.stringify(sizeText)} is not a decimal without leading zeros`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) malformed(`tree size ${sizeText} is too large`);
  const root = decodeBase64(rootText);
  if (root === undefined || root.length !== 32) malformed(`root ${JSON.stringify(rootText)} is not a base64 32-byte hash`);
  for (const line of extensions) if (line.length === 0) malformed('extension lines must be non-empty');
  return extensions.length > 0 ? { origin, size, root, extensions } : { origin, size, root };
}

/** Signs a checkpoint with the log's note key; returns the signed note text. */
export function signCheckpoint(cp: Checkpoint, signer: NoteSigner): string {
  return signNote(formatCheckpoint(cp), [signer]);
}

/**
 * Opens a signed checkpoint with the log's verifier key string. Throws VerificationError:
 * `note_*` for a bad note or signature (`note_no_known_signature` when signed by another key),
 * `checkpoint_malformed`, or `checkpoint_origin_mismatch` when `expectedOrigin` differs.
 */
export function openCheckpoint(note: string, verifierKey: string, expectedOrigin?: string): OpenedCheckpoint {
  const verifier = parseVerifierKey(verifierKey);
  const opened = openNote(note, [verifier]);
  const cp = parseCheckpoint(opened.text);
  if (expectedOrigin !== undefined && cp.origin !== expectedOrigin) {
    throw new VerificationError('checkpoint_origin_mismatch', 'checkpoint is for another log', {
      expected: expectedOrigin,
      actual: cp.origin,
    });
  }
  return { ...cp, signer: verifier.name, note };
}
