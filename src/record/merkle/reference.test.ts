// The reference implementation is the oracle for the fast code, so it is itself pinned to the
// published RFC 6962 vectors here.
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { EMPTY_ROOT, hashLeaf } from './hash.js';
import { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from './reference.js';

interface Vectors {
  leafData: string[];
  roots: Record<string, string>;
  inclusion: { index: number; size: number; proof: string[] }[];
  consistency: { from: number; to: number; proof: string[] }[];
}
const vectors = JSON.parse(readFileSync(new URL('../../../testdata/merkle/rfc6962-vectors.json', import.meta.url), 'utf8')) as Vectors;
const leaves = vectors.leafData.map((d) => hashLeaf(Buffer.from(d, 'hex')));
const hexes = (hashes: Buffer[]): string[] => hashes.map((h) => h.toString('hex'));

describe('reference implementation (RFC 9162 §2.1, literal)', () => {
  it('gives the empty root for no leaves', () => {
    expect(referenceRoot([]).equals(EMPTY_ROOT)).toBe(true);
  });

  it.each(Object.entries(vectors.roots))('gives the published root for size %s', (size, root) => {
    expect(referenceRoot(leaves.slice(0, Number(size))).toString('hex')).toBe(root);
  });

  it.each(vectors.inclusion)('gives the published inclusion proof for leaf $index of $size', ({ index, size, proof }) => {
    expect(hexes(referenceInclusionProof(index, leaves.slice(0, size)))).toEqual(proof);
  });

  it.each(vectors.consistency)('gives the published consistency proof $from → $to', ({ from, to, proof }) => {
    expect(hexes(referenceConsistencyProof(from, leaves.slice(0, to)))).toEqual(proof);
  });

  it('rejects a leaf outside the tree', () => {
    expect(() => referenceInclusionProof(8, leaves)).toThrow(RangeError);
  });
});
