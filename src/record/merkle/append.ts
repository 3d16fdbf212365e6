/**
 * Growing the tree one leaf at a time while touching only O(log n) nodes. The store keeps the
 * "frontier" — the perfect subtrees that make up the current tree — and persists each perfect
 * node the moment it becomes complete; nothing stored ever changes afterwards.
 */
import { RecordError } from '../errors.js';
import { EMPTY_ROOT, hashChildren } from './hash.js';
import { assertTreeSize, rangeIds, type MerkleNode, type NodeId } from './node-id.js';

/** Perfect subtrees that make up a tree of `size` leaves, left to right (largest first). */
export function frontierIds(size: number): NodeId[] {
  assertTreeSize(size);
  return rangeIds(0, size);
}

/**
 * Adds leaf number `size` to `frontier` (mutated in place), merging completed left siblings.
 * Calls `onNode` for every perfect node that became complete, the leaf first.
 */
function pushLeaf(frontier: Buffer[], size: number, leafHash: Buffer, onNode?: (node: MerkleNode) => void): void {
  let hash = leafHash;
  let level = 0;
  let index = size;
  onNode?.({ level, index, hash });
  // A node with an odd index is a right child: its left sibling is the frontier's last entry.
  while (index % 2 === 1) {
    const left = frontier.pop();
    if (left === undefined) throw new RecordError('merkle_frontier_mismatch', `frontier too short for size ${size}`);
    hash = hashChildren(left, hash);
    level += 1;
    index = (index - 1) / 2;
    onNode?.({ level, index, hash });
  }
  frontier.push(hash);
}

function checkFrontier(size: number, frontier: readonly Buffer[]): void {
  const expected = frontierIds(size).length;
  if (frontier.length !== expected) {
    throw new RecordError('merkle_frontier_mismatch',
      `a tree of size ${size} has ${expected} frontier hashes, got ${frontier.length}`);
  }
}

/**
 * Appends leaf hashes to a tree of `size` leaves whose frontier hashes are `frontier` (in
 * frontierIds order). Returns every NEW perfect node to store (level-0 leaves included) and
 * the new frontier.
 */
export function appendLeaves(size: number, frontier: readonly Buffer[], leafHashes: readonly Buffer[]):
{ readonly nodes: MerkleNode[]; readonly frontier: Buffer[]; readonly size: number } {
  checkFrontier(size, frontier);
  const next = [...frontier];
  const nodes: MerkleNode[] = [];
  let n = size;
  for (const leafHash of leafHashes) {
    pushLeaf(next, n, leafHash, (node) => nodes.push(node));
    n += 1;
  }
  return { nodes, frontier: next, size: n };
}

/** Root hash (MTH) of the tree whose frontier is given; EMPTY_ROOT for an empty frontier. */
export function rootFromFrontier(frontier: readonly Buffer[]): Buffer {
  let root = frontier[frontier.length - 1];
  if (root === undefined) return Buffer.from(EMPTY_ROOT);
  // Each frontier entry is the left sibling of everything to its right (RFC 9162 split point).
  for (let i = frontier.length - 2; i >= 0; i--) root = hashChildren(frontier[i] as Buffer, root);
  return root;
}

/**
 * An in-memory compact range: append leaf hashes, read size and root; O(log n) memory. Used to
 * recompute the root of a million-event transcript without holding the tree.
 *
 * @example
 *   const tree = new CompactTree();
 *   for (const data of leaves) tree.appendLeaf(hashLeaf(data));
 *   tree.root(); // same as the log's checkpoint root
 */
export class CompactTree {
  #size: number;
  readonly #frontier: Buffer[];

  constructor() {
    this.#size = 0;
    this.#frontier = [];
  }

  /** Resumes from a stored tree of `size` leaves with the given frontier hashes. */
  static from(size: number, frontier: readonly Buffer[]): CompactTree {
    checkFrontier(size, frontier);
    const tree = new CompactTree();
    tree.#size = size;
    tree.#frontier.push(...frontier);
    return tree;
  }

  get size(): number {
    return this.#size;
  }

  /** The frontier hashes, in frontierIds(size) order. */
  get frontier(): readonly Buffer[] {
    return [...this.#frontier];
  }

  appendLeaf(leafHash: Buffer): void {
    pushLeaf(this.#frontier, this.#size, leafHash);
    this.#size += 1;
  }

  root(): Buffer {
    return rootFromFrontier(this.#frontier);
  }
}
