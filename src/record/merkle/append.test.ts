import { describe, it, expect } from 'vitest';
import { RecordError } from '../errors.js';
import { EMPTY_ROOT, hashChildren, hashLeaf } from './hash.js';
import { nodeKey, type MerkleNode } from './node-id.js';
import { appendLeaves, CompactTree, frontierIds, rootFromFrontier } from './append.js';
import { referenceRoot } from './reference.js';

const leafHashesOf = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => hashLeaf(Buffer.from(`leaf ${i}`)));
const leaves = leafHashesOf(70);
const popcount = (n: number): number => n.toString(2).split('').filter((bit) => bit === '1').length;
const sortedKeys = (nodes: readonly MerkleNode[]): string[] => nodes.map(nodeKey).sort();

describe('frontierIds', () => {
  it('lists the perfect subtrees of a size, largest first', () => {
    expect(frontierIds(0)).toEqual([]);
    expect(frontierIds(1)).toEqual([{ level: 0, index: 0 }]);
    expect(frontierIds(6)).toEqual([{ level: 2, index: 0 }, { level: 1, index: 2 }]);
    expect(frontierIds(7)).toEqual([{ level: 2, index: 0 }, { level: 1, index: 2 }, { level: 0, index: 6 }]);
  });

  it('handles sizes beyond 32 bits without overflow', () => {
    expect(frontierIds(2 ** 40 + 5)).toEqual([
      { level: 40, index: 0 }, { level: 2, index: 2 ** 38 }, { level: 0, index: 2 ** 40 + 4 },
    ]);
    expect(frontierIds(Number.MAX_SAFE_INTEGER)).toHaveLength(53);
  });

  it('rejects a size that is not a tree size', () => {
    expect(() => frontierIds(-1)).toThrow(expect.objectContaining({ code: 'tree_size_invalid' }));
    expect(() => frontierIds(1.5)).toThrow(RecordError);
  });
});

describe('appendLeaves', () => {
  it('stores every perfect node exactly once, each with the reference hash of its leaves', () => {
    const { nodes, size } = appendLeaves(0, [], leaves);
    expect(size).toBe(70);
    expect(nodes).toHaveLength(2 * 70 - popcount(70));
    expect(new Set(nodes.map(nodeKey)).size).toBe(nodes.length);
    for (const node of nodes) {
      const first = node.index * 2 ** node.level;
      expect(node.hash.equals(referenceRoot(leaves.slice(first, first + 2 ** node.level))), nodeKey(node)).toBe(true);
    }
  });

  it('gives the same nodes and frontier leaf by leaf as in one batch', () => {
    const batch = appendLeaves(0, [], leaves);
    let state = { size: 0, frontier: [] as Buffer[] };
    const nodes: MerkleNode[] = [];
    for (const leaf of leaves) {
      const step = appendLeaves(state.size, state.frontier, [leaf]);
      nodes.push(...step.nodes);
      expect(step.nodes[0]).toEqual({ level: 0, index: state.size, hash: leaf });
      state = step;
    }
    expect(sortedKeys(nodes)).toEqual(sortedKeys(batch.nodes));
    expect(state.frontier).toEqual(batch.frontier);
  });

  it('returns a frontier that is the hashes of frontierIds and gives the reference root', () => {
    for (let n = 0; n <= 70; n++) {
      const { nodes, frontier } = appendLeaves(0, [], leaves.slice(0, n));
      const byKey = new Map(nodes.map((node) => [nodeKey(node), node.hash]));
      expect(frontier).toEqual(frontierIds(n).map((id) => byKey.get(nodeKey(id))));
      expect(rootFromFrontier(frontier).equals(referenceRoot(leaves.slice(0, n))), `size ${n}`).toBe(true);
    }
  });

  it('does not touch the frontier it was given', () => {
    const first = appendLeaves(0, [], leaves.slice(0, 3));
    const before = [...first.frontier];
    appendLeaves(3, first.frontier, leaves.slice(3, 9));
    expect(first.frontier).toEqual(before);
  });

  it('rejects a frontier that does not match the size', () => {
    const { frontier } = appendLeaves(0, [], leaves.slice(0, 3));
    expect(() => appendLeaves(4, frontier, [leaves[4] as Buffer]))
      .toThrow(expect.objectContaining({ code: 'merkle_frontier_mismatch' }));
  });
});

describe('rootFromFrontier', () => {
  it('is the empty root for the empty tree', () => {
    expect(rootFromFrontier([]).equals(EMPTY_ROOT)).toBe(true);
  });
});

describe('CompactTree', () => {
  it('tracks size and root like the reference, from empty', () => {
    const tree = new CompactTree();
    expect(tree.root().equals(EMPTY_ROOT)).toBe(true);
    leaves.forEach((leaf, i) => {
      tree.appendLeaf(leaf);
      expect(tree.size).toBe(i + 1);
      expect(tree.root().equals(referenceRoot(leaves.slice(0, i + 1))), `size ${i + 1}`).toBe(true);
    });
  });

  it('resumes from a stored size and frontier', () => {
    const stored = appendLeaves(0, [], leaves.slice(0, 37));
    const tree = CompactTree.from(stored.size, stored.frontier);
    for (const leaf of leaves.slice(37)) tree.appendLeaf(leaf);
    expect(tree.frontier).toEqual(appendLeaves(0, [], leaves).frontier);
    expect(() => CompactTree.from(5, stored.frontier)).toThrow(expect.objectContaining({ code: 'merkle_frontier_mismatch' }));
  });

  it('hands out a copy of its frontier', () => {
    const tree = CompactTree.from(3, appendLeaves(0, [], leaves.slice(0, 3)).frontier);
    (tree.frontier as Buffer[]).pop();
    expect(tree.frontier).toHaveLength(2);
  });

  it('computes the root of 2^14 + 3 equal leaves, known in closed form', () => {
    // With equal leaves the perfect subtree of level L has hash p[L] = H(p[L-1], p[L-1]), so the
    // root of 2^14 + 3 leaves is H(p[14], H(p[1], p[0])) without any tree code.
    const leaf = hashLeaf(Buffer.from('same'));
    const perfect = [leaf];
    for (let level = 1; level <= 14; level++) perfect.push(hashChildren(perfect[level - 1] as Buffer, perfect[level - 1] as Buffer));
    const tree = new CompactTree();
    for (let i = 0; i < 2 ** 14 + 3; i++) tree.appendLeaf(leaf);
    expect(tree.frontier).toHaveLength(3);
    expect(tree.root().equals(hashChildren(perfect[14] as Buffer, hashChildren(perfect[1] as Buffer, leaf)))).toBe(true);
  });
});
