/**
 * RFC 9162 §2.1 hashing. Leaves and interior nodes get different one-byte prefixes so that a
 * leaf can never be passed off as an interior node (second-preimage resistance of the tree).
 *
 * The prefix and the data are copied into one scratch buffer and hashed with the one-shot
 * `crypto.hash` (see ../hash.ts); the digest is synchronous, so the scratch is free again when
 * it returns, and every result is a new Buffer.
 */
import { hash } from 'node:crypto';

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** MTH({}) — the root of the empty tree, SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = hash('sha256', new Uint8Array(0), 'buffer');

/** Size in bytes of every hash in the tree and in its proofs. */
export const HASH_SIZE = 32;

let scratch = Buffer.allocUnsafeSlow(4096);

function prefixed(prefix: number, length: number): Buffer {
  if (scratch.length < length) scratch = Buffer.allocUnsafeSlow(Math.max(length, scratch.length * 2));
  scratch[0] = prefix;
  return scratch;
}

/** SHA-256(0x00 ‖ data): the hash of one leaf. */
export function hashLeaf(data: Uint8Array): Buffer {
  const input = prefixed(LEAF_PREFIX, 1 + data.length);
  input.set(data, 1);
  return hash('sha256', input.subarray(0, 1 + data.length), 'buffer');
}

/** hashLeaf of the UTF-8 bytes of `text`, without building them as a Buffer of their own. */
export function hashLeafText(text: string): Buffer {
  const input = prefixed(LEAF_PREFIX, 1 + 3 * text.length);
  const length = input.write(text, 1, 'utf8');
  return hash('sha256', input.subarray(0, 1 + length), 'buffer');
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  const input = prefixed(NODE_PREFIX, 1 + left.length + right.length);
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return hash('sha256', input.subarray(0, 1 + left.length + right.length), 'buffer');
}
