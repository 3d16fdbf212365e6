/**
 * A slow, literal transcription of RFC 9162 §2.1.1 (MTH), §2.1.3.1 (PATH) and §2.1.4.1
 * (PROOF/SUBPROOF), recursive over arrays of leaf hashes. It exists only so tests can check
 * the fast, node-based code against the text of the RFC; it is deliberately not clever and
 * is not exported from the module face.
 */
import { EMPTY_ROOT, hashChildren } from './hash.js';

/** k: the largest power of two smaller than n (n > 1). */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) over leaf hashes. */
export function referenceRoot(leafHashes: readonly Buffer[]): Buffer {
  const n = leafHashes.length;
  if (n === 0) return Buffer.from(EMPTY_ROOT);
  if (n === 1) return leafHashes[0] as Buffer;
  const k = largestPowerOfTwoBelow(n);
  return hashChildren(referenceRoot(leafHashes.slice(0, k)), referenceRoot(leafHashes.slice(k)));
}

/** PATH(m, D[n]): the inclusion proof of leaf m. */
export function referenceInclusionProof(index: number, leafHashes: readonly Buffer[]): Buffer[] {
  const n = leafHashes.length;
  if (index < 0 || index >= n) throw new RangeError(`leaf ${index} is not in a tree of size ${n}`);
  if (n === 1) return [];
  const k = largestPowerOfTwoBelow(n);
  const left = leafHashes.slice(0, k);
  const right = leafHashes.slice(k);
  if (index < k) return [...referenceInclusionProof(index, left), referenceRoot(right)];
  return [...referenceInclusionProof(index - k, right), referenceRoot(left)];
}

/** SUBPROOF(m, D[n], b). */
function subproof(m: number, leafHashes: readonly Buffer[], isOldRoot: boolean): Buffer[] {
  const n = leafHashes.length;
  if (m === n) return isOldRoot ? [] : [referenceRoot(leafHashes)];
  const k = largestPowerOfTwoBelow(n);
  const left = leafHashes.slice(0, k);
  const right = leafHashes.slice(k);
  if (m <= k) return [...subproof(m, left, isOldRoot), referenceRoot(right)];
  return [...subproof(m - k, right, false), referenceRoot(left)];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true); empty for m = 0, which the RFC leaves undefined. */
export function referenceConsistencyProof(from: number, leafHashes: readonly Buffer[]): Buffer[] {
  if (from < 0 || from > leafHashes.length) throw new RangeError(`size ${from} exceeds ${leafHashes.length}`);
  if (from === 0) return [];
  return subproof(from, leafHashes, true);
}
