import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { EMPTY_ROOT, hashChildren, hashLeaf } from './hash.js';
import { nodeKey, type NodeId, type NodeLookup } from './node-id.js';
import { appendLeaves } from './append.js';
import {
  buildConsistencyProof, buildInclusionProof, consistencyProofIds, inclusionProofIds, lookupFromMap,
  rootFromNodes, rootIds,
} from './proof.js';
import { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from './reference.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

interface Vectors {
  leafData: string[];
  roots: Record<string, string>;
  inclusion: { index: number; size: number; proof: string[] }[];
  consistency: { from: number; to: number; proof: string[] }[];
}
const vectors = JSON.parse(readFileSync(new URL('../../../testdata/merkle/rfc6962-vectors.json', import.meta.url), 'utf8')) as Vectors;
const hexes = (hashes: readonly Buffer[]): string[] => hashes.map((h) => h.toString('hex'));

/** Every perfect node of a tree built from `leafHashes`, as the store would hold them. */
function storeOf(leafHashes: readonly Buffer[]): Map<string, Buffer> {
  return new Map(appendLeaves(0, [], leafHashes).nodes.map((node) => [nodeKey(node), node.hash]));
}

/** The store's flow: fetch exactly `ids` in one query, failing if one is not complete at `size`. */
function fetch(store: ReadonlyMap<string, Buffer>, ids: readonly NodeId[], size: number): NodeLookup {
  const fetched = new Map<string, Buffer>();
  for (const id of ids) {
    if ((id.index + 1) * 2 ** id.level > size) throw new Error(`node ${nodeKey(id)} is not complete at size ${size}`);
    fetched.set(nodeKey(id), store.get(nodeKey(id)) as Buffer);
  }
  return lookupFromMap(fetched);
}

function inclusionVia(store: ReadonlyMap<string, Buffer>, index: number, size: number): Buffer[] {
  return buildInclusionProof(index, size, fetch(store, inclusionProofIds(index, size), size));
}
function consistencyVia(store: ReadonlyMap<string, Buffer>, from: number, to: number): Buffer[] {
  return buildConsistencyProof(from, to, fetch(store, consistencyProofIds(from, to), to));
}

const vectorStore = storeOf(vectors.leafData.map((d) => hashLeaf(Buffer.from(d, 'hex'))));
const leaves = Array.from({ length: 5000 }, (_, i) => hashLeaf(Buffer.from(`event ${i}`)));
const store = storeOf(leaves);

describe('proofs from stored nodes: RFC 6962 vectors', () => {
  it.each(Object.entries(vectors.roots))('root of size %s', (size, root) => {
    const n = Number(size);
    expect(rootFromNodes(n, fetch(vectorStore, rootIds(n), n)).toString('hex')).toBe(root);
  });

  it('root of the empty tree', () => {
    expect(rootFromNodes(0, lookupFromMap(new Map())).equals(EMPTY_ROOT)).toBe(true);
  });

  it.each(vectors.inclusion)('inclusion proof for leaf $index of $size', ({ index, size, proof }) => {
    expect(hexes(inclusionVia(vectorStore, index, size))).toEqual(proof);
  });

  it.each(vectors.consistency)('consistency proof $from → $to', ({ from, to, proof }) => {
    expect(hexes(consistencyVia(vectorStore, from, to))).toEqual(proof);
  });
});

describe('proofs from stored nodes: against the literal reference', () => {
  it('match for every size 1..70 and every index and old size', () => {
    for (let n = 1; n <= 70; n++) {
      const prefix = leaves.slice(0, n);
      expect(rootFromNodes(n, fetch(store, rootIds(n), n)).equals(referenceRoot(prefix)), `root ${n}`).toBe(true);
      for (let i = 0; i < n; i++) {
        expect(hexes(inclusionVia(store, i, n)), `inclusion ${i} of ${n}`).toEqual(hexes(referenceInclusionProof(i, prefix)));
      }
      for (let m = 0; m <= n; m++) {
        expect(hexes(consistencyVia(store, m, n)), `consistency ${m} → ${n}`).toEqual(hexes(referenceConsistencyProof(m, prefix)));
      }
    }
  });

  it('match for random sizes up to 5,000', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat(n))),
      ([n, i, m]) => {
        const prefix = leaves.slice(0, n);
        expect(hexes(inclusionVia(store, i, n))).toEqual(hexes(referenceInclusionProof(i, prefix)));
        expect(hexes(consistencyVia(store, m, n))).toEqual(hexes(referenceConsistencyProof(m, prefix)));
      },
    ), { numRuns: 60 });
  });
});

describe('proof planning', () => {
  it('rejects a leaf outside the tree and an old size beyond the new one', () => {
    expect(() => inclusionProofIds(5, 5)).toThrow(expect.objectContaining({ code: 'index_out_of_range' }));
    expect(() => inclusionProofIds(-1, 5)).toThrow(expect.objectContaining({ code: 'index_out_of_range' }));
    expect(() => consistencyProofIds(6, 5)).toThrow(expect.objectContaining({ code: 'tree_size_invalid' }));
  });

  it('needs no nodes for a one-leaf tree, from the empty tree, or between equal sizes', () => {
    expect(inclusionProofIds(0, 1)).toEqual([]);
    expect(consistencyProofIds(0, 9)).toEqual([]);
    expect(consistencyProofIds(9, 9)).toEqual([]);
  });

  it('rebuilds an ephemeral right-edge node from the perfect nodes under it', () => {
    // Leaf 0 of 7: siblings are leaf 1, [2,4) and the incomplete [4,7) = [4,6) + leaf 6.
    expect(inclusionProofIds(0, 7)).toEqual([
      { level: 0, index: 1 }, { level: 1, index: 1 }, { level: 1, index: 2 }, { level: 0, index: 6 },
    ]);
  });

  it('names a missing node in the lookup error', () => {
    expect(() => buildInclusionProof(0, 7, lookupFromMap(new Map())))
      .toThrow(expect.objectContaining({ code: 'missing_merkle_node', message: expect.stringContaining('0:1') }));
  });
});

// Trees far too big to build: with equal leaves every perfect node of level L has the same hash,
// so a lookup can answer for any id. The root is then computed by the RFC recursion alone.
describe('trees up to 2^40 leaves, without building them', () => {
  const leaf = hashLeaf(Buffer.from('same'));
  const perfect = [leaf];
  for (let level = 1; level <= 53; level++) perfect.push(hashChildren(perfect[level - 1] as Buffer, perfect[level - 1] as Buffer));
  const equalLeafRoot = (n: number): Buffer => {
    let k = 1;
    let level = 0;
    while (k * 2 < n) { k *= 2; level += 1; }
    return n === k ? perfect[level] as Buffer : hashChildren(perfect[level] as Buffer, equalLeafRoot(n - k));
  };
  const equalLeafLookup = (size: number): NodeLookup => (id) => {
    if ((id.index + 1) * 2 ** id.level > size) throw new Error(`node ${nodeKey(id)} is not complete at size ${size}`);
    return perfect[id.level] as Buffer;
  };
  /** Sorted [first, end) leaf ranges of `ids`, merged when adjacent. */
  const coverage = (ids: readonly NodeId[]): [number, number][] => {
    const ranges = ids.map((id): [number, number] => [id.index * 2 ** id.level, (id.index + 1) * 2 ** id.level])
      .sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [first, end] of ranges) {
      const last = merged[merged.length - 1];
      if (last !== undefined && last[1] > first) throw new Error('overlapping nodes');
      if (last !== undefined && last[1] === first) last[1] = end; else merged.push([first, end]);
    }
    return merged;
  };
  const big = fc.bigInt({ min: 2n, max: 2n ** 40n }).map(Number);
  const maxIds = (n: number): number => 2 * Math.log2(n) + 2;

  it('inclusion: O(log n) ids covering every leaf but the proven one; the proof verifies', () => {
    fc.assert(fc.property(big.chain((n) => fc.tuple(fc.constant(n), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))), ([n, u]) => {
      const i = Math.floor(u * n);
      const ids = inclusionProofIds(i, n);
      expect(ids.length).toBeLessThanOrEqual(maxIds(n));
      const expected: [number, number][] = [[0, i], [i + 1, n]].filter(([a, b]) => (a as number) < (b as number)) as [number, number][];
      expect(coverage(ids)).toEqual(expected);
      verifyInclusion(i, n, leaf, buildInclusionProof(i, n, equalLeafLookup(n)), equalLeafRoot(n));
    }), { numRuns: 300 });
  });

  it('consistency: O(log n) ids covering the new tree; the proof verifies', () => {
    fc.assert(fc.property(big.chain((n) => fc.tuple(fc.constant(n), fc.double({ min: 0, max: 1, noNaN: true }))), ([n, u]) => {
      const m = Math.max(1, Math.floor(u * n));
      const ids = consistencyProofIds(m, n);
      expect(ids.length).toBeLessThanOrEqual(maxIds(n));
      // The old root stands in for [0, m) when m is a power of two; otherwise the proof covers it.
      const isOldRootImplied = 2 ** Math.round(Math.log2(m)) === m;
      const expected = m === n ? [] : [[isOldRootImplied ? m : 0, n]];
      expect(coverage(ids)).toEqual(expected);
      verifyConsistency(m, n, buildConsistencyProof(m, n, equalLeafLookup(n)), equalLeafRoot(m), equalLeafRoot(n));
    }), { numRuns: 300 });
  });

  it('plans proofs at the edge of safe integers', () => {
    const n = Number.MAX_SAFE_INTEGER;
    expect(inclusionProofIds(n - 1, n).length).toBeLessThanOrEqual(maxIds(n));
    expect(consistencyProofIds(2 ** 52 + 1, n).length).toBeLessThanOrEqual(maxIds(n));
    expect(rootFromNodes(n, equalLeafLookup(n)).equals(equalLeafRoot(n))).toBe(true);
  });
});
