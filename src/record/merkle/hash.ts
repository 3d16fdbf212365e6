/**
 * RFC 9162 §2.1 hashing. Leaves and interior nodes get different one-byte prefixes so that a
 * leaf can never be passed off as an interior node (second-preimage resistance of the tree).
 */
import { createHash } from 'node:crypto';

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({}) — the root of the empty tree, SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** Size in bytes of every hash in the tree and in its proofs. */
export const HASH_SIZE = 32;

/** SHA-256(0x00 ‖ data): the hash of one leaf. */
export function hashLeaf(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}
