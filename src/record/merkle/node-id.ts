/**
 * Names for the perfect subtrees the store persists, and the arithmetic that splits a range
 * of leaves into them. Every proof and root is computed from these stored nodes, so this is
 * the one place that knows the tree's geometry.
 *
 * Sizes and indexes are plain numbers (safe integers, trees up to 2^53 leaves); nothing here
 * uses 32-bit bitwise operators.
 */
import { RecordError } from '../errors.js';

/** The perfect subtree of 2^level leaves covering [index·2^level, (index+1)·2^level). */
export interface NodeId { readonly level: number; readonly index: number }

/** A stored node: a perfect subtree and its hash. */
export interface MerkleNode extends NodeId { readonly hash: Buffer }

/** Returns the hash of a stored node; throws if it is not available. */
export type NodeLookup = (id: NodeId) => Buffer;

/** The key of a node in lookup maps: `${level}:${index}`. */
export function nodeKey(id: NodeId): string {
  return `${id.level}:${id.index}`;
}

/** The largest `level` with 2^level <= n, for n >= 1 (exact, unlike a bare Math.log2). */
export function floorLog2(n: number): number {
  // Guard: Math.log2(0) is -Infinity, and the adjustment loop below would never end.
  if (!(n >= 1 && n <= Number.MAX_SAFE_INTEGER)) throw new RecordError('merkle_log_of_invalid', `no level for ${n} leaves`);
  let level = Math.floor(Math.log2(n));
  while (2 ** level > n) level--;
  while (2 ** (level + 1) <= n) level++;
  return level;
}

/** The largest power of two strictly below n (the RFC 9162 split point `k`), for n >= 2. */
export function splitPoint(n: number): number {
  return 2 ** floorLog2(n - 1);
}

/** True when the leaves [start, end) form one complete perfect subtree. */
export function isPerfectRange(start: number, end: number): boolean {
  const width = end - start;
  return width >= 1 && 2 ** floorLog2(width) === width && start % width === 0;
}

/**
 * The perfect subtrees that make up leaves [start, end), left to right, largest first. The
 * range must be one the RFC recursion produces: `start` a multiple of every piece's width
 * (true for [0, n) and for every right-hand part of a split).
 */
export function rangeIds(start: number, end: number): NodeId[] {
  const ids: NodeId[] = [];
  let position = start;
  while (position < end) {
    const level = floorLog2(end - position);
    const width = 2 ** level;
    if (position % width !== 0) {
      throw new RecordError('merkle_range_unaligned', `leaves [${start}, ${end}) do not split into aligned perfect subtrees`);
    }
    ids.push({ level, index: position / width });
    position += width;
  }
  return ids;
}

/** Throws unless `size` can be a tree size. */
export function assertTreeSize(size: number, what = 'tree size'): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RecordError('tree_size_invalid', `${what} ${size} is not a non-negative safe integer`);
  }
}

/** Throws unless `index` names a leaf of a tree of `size` leaves. */
export function assertLeafIndex(index: number, size: number): void {
  assertTreeSize(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RecordError('index_out_of_range', `leaf index ${index} is not in a tree of size ${size}`);
  }
}
