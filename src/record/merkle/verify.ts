/**
 * Checking RFC 9162 proofs received from someone we do not trust (a peer, a transcript). The
 * algorithms are §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), each split in two: a walk
 * over the sizes alone that says how many proof hashes there must be and on which side each
 * goes, then the hashing. A failure says what failed and shows expected and computed values.
 *
 * Error codes: index_out_of_range, tree_size_invalid, hash_wrong_size, proof_wrong_length,
 * inclusion_proof_invalid, consistency_proof_invalid.
 */
import { VerificationError } from '../errors.js';
import { EMPTY_ROOT, HASH_SIZE, hashChildren } from './hash.js';

const b64 = (hash: Uint8Array): string => Buffer.from(hash).toString('base64');
const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
}

function checkSize(size: number, what: string): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new VerificationError('tree_size_invalid', `${what} is not a non-negative safe integer`, { actual: String(size) });
  }
}

function checkHash(hash: Uint8Array, what: string): void {
  if (hash.length !== HASH_SIZE) {
    throw new VerificationError('hash_wrong_size', `${what} is not a ${HASH_SIZE}-byte hash`,
      { expected: `${HASH_SIZE} bytes`, actual: `${hash.length} bytes` });
  }
}

function checkProofHashes(proof: readonly Uint8Array[], expectedLength: number, what: string): void {
  if (proof.length !== expectedLength) {
    throw new VerificationError('proof_wrong_length', `${what} has the wrong number of hashes`,
      { expected: String(expectedLength), actual: String(proof.length) });
  }
  proof.forEach((hash, i) => checkHash(hash, `${what} hash ${i}`));
}

/**
 * For each inclusion proof hash, leaf level first: true when it is the LEFT sibling. Literal
 * §2.1.3.2 steps 2–3 with fn = index, sn = size - 1, without the hashing.
 */
function inclusionSides(index: number, size: number): boolean[] {
  const sides: boolean[] = [];
  let fn = index;
  let sn = size - 1;
  while (sn > 0) {
    if (isOdd(fn) || fn === sn) {
      sides.push(true);
      // Skip the levels where this node has no right sibling in a tree of this size.
      while (!isOdd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else {
      sides.push(false);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sides;
}

function checkLeafIndex(index: number, size: number): void {
  checkSize(size, 'tree size');
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new VerificationError('index_out_of_range', `leaf index ${index} is not in a tree of size ${size}`);
  }
}

/** Number of hashes in the inclusion proof of leaf `index` in a tree of `size` leaves. */
export function inclusionProofLength(index: number, size: number): number {
  checkLeafIndex(index, size);
  return inclusionSides(index, size).length;
}

/** RFC 9162 §2.1.3.2: the root that `proof` leads to from `leafHash` at `index` of a tree of `size`. */
export function rootFromInclusionProof(index: number, size: number, leafHash: Buffer, proof: readonly Buffer[]): Buffer {
  checkLeafIndex(index, size);
  checkHash(leafHash, 'leaf hash');
  const sides = inclusionSides(index, size);
  checkProofHashes(proof, sides.length, `inclusion proof for leaf ${index} of tree size ${size}`);
  let root = leafHash;
  sides.forEach((isLeft, i) => {
    const sibling = proof[i] as Buffer;
    root = isLeft ? hashChildren(sibling, root) : hashChildren(root, sibling);
  });
  return root;
}

/** Throws a VerificationError unless `proof` shows `leafHash` at `index` in the tree of `size` with `root`. */
export function verifyInclusion(index: number, size: number, leafHash: Buffer, proof: readonly Buffer[], root: Buffer): void {
  checkHash(root, 'root');
  const computed = rootFromInclusionProof(index, size, leafHash, proof);
  if (!computed.equals(root)) {
    throw new VerificationError('inclusion_proof_invalid',
      `inclusion proof for leaf ${index} of tree size ${size} does not lead to the given root`,
      { expected: b64(root), actual: b64(computed) });
  }
}

/**
 * For the consistency proof from `from` to `to` (0 < from < to): whether the old root's hash
 * is implied rather than sent (from is a power of two), and for each later hash whether it
 * also belongs to the old tree's path. Literal §2.1.4.2 steps 2–6 without the hashing.
 */
function consistencyWalk(from: number, to: number): { isOldRootImplied: boolean; inOldTree: boolean[] } {
  const isOldRootImplied = isPowerOfTwo(from);
  let fn = from - 1;
  let sn = to - 1;
  while (isOdd(fn)) { fn = half(fn); sn = half(sn); }
  const inOldTree: boolean[] = [];
  while (sn > 0) {
    if (isOdd(fn) || fn === sn) {
      inOldTree.push(true);
      while (!isOdd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
    } else {
      inOldTree.push(false);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return { isOldRootImplied, inOldTree };
}

function checkSizes(from: number, to: number): void {
  checkSize(from, 'old tree size');
  checkSize(to, 'new tree size');
  if (from > to) {
    throw new VerificationError('tree_size_invalid', 'old tree size is larger than new tree size',
      { expected: `at most ${to}`, actual: String(from) });
  }
}

/** Number of hashes in the consistency proof from tree size `from` to `to` (0 when from is 0 or to). */
export function consistencyProofLength(from: number, to: number): number {
  checkSizes(from, to);
  if (from === 0 || from === to) return 0;
  const { isOldRootImplied, inOldTree } = consistencyWalk(from, to);
  return inOldTree.length + (isOldRootImplied ? 0 : 1);
}

function rootMismatch(which: string, from: number, to: number, expected: Buffer, actual: Buffer): VerificationError {
  return new VerificationError('consistency_proof_invalid',
    `consistency proof from tree size ${from} to ${to} does not lead to the ${which} root`,
    { expected: b64(expected), actual: b64(actual) });
}

/** Throws a VerificationError unless `proof` shows the tree of `to` leaves extends the tree of `from` leaves. */
export function verifyConsistency(from: number, to: number, proof: readonly Buffer[], fromRoot: Buffer, toRoot: Buffer): void {
  checkSizes(from, to);
  checkHash(fromRoot, 'old root');
  checkHash(toRoot, 'new root');
  const what = `consistency proof from tree size ${from} to ${to}`;
  if (from === 0 || from === to) {
    checkProofHashes(proof, 0, what);
    // A size names exactly one root: the empty tree's, or the same tree's on both sides.
    if (from === 0 && !fromRoot.equals(EMPTY_ROOT)) throw rootMismatch('old (empty tree)', from, to, EMPTY_ROOT, fromRoot);
    if (from === to && !fromRoot.equals(toRoot)) throw rootMismatch('new', from, to, toRoot, fromRoot);
    return;
  }
  const { isOldRootImplied, inOldTree } = consistencyWalk(from, to);
  checkProofHashes(proof, inOldTree.length + (isOldRootImplied ? 0 : 1), what);
  const path = isOldRootImplied ? [fromRoot, ...proof] : [...proof];
  let oldHash = path[0] as Buffer;
  let newHash = oldHash;
  inOldTree.forEach((isInOld, i) => {
    const hash = path[i + 1] as Buffer;
    if (isInOld) {
      oldHash = hashChildren(hash, oldHash);
      newHash = hashChildren(hash, newHash);
    } else {
      newHash = hashChildren(newHash, hash);
    }
  });
  if (!oldHash.equals(fromRoot)) throw rootMismatch('old', from, to, fromRoot, oldHash);
  if (!newHash.equals(toRoot)) throw rootMismatch('new', from, to, toRoot, newHash);
}
