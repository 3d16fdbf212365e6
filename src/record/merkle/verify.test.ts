import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { VerificationError } from '../errors.js';
import { EMPTY_ROOT, hashLeaf } from './hash.js';
import { nodeKey } from './node-id.js';
import { appendLeaves } from './append.js';
import { buildConsistencyProof, buildInclusionProof, lookupFromMap } from './proof.js';
import { referenceRoot } from './reference.js';
import {
  consistencyProofLength, inclusionProofLength, rootFromInclusionProof, verifyConsistency, verifyInclusion,
} from './verify.js';

const readJson = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../testdata/merkle/${name}`, import.meta.url), 'utf8'));
interface Vectors {
  leafData: string[];
  roots: Record<string, string>;
  inclusion: { index: number; size: number; proof: string[] }[];
  consistency: { from: number; to: number; proof: string[] }[];
}
type Expectation = 'valid' | { code: string; message: string };
interface Tampered {
  source: string;
  inclusion: { name: string; index: number; size: number; leafHash: string; proof: string[]; root: string; expect: Expectation }[];
  consistency: { name: string; from: number; to: number; proof: string[]; fromRoot: string; toRoot: string; expect: Expectation }[];
}
const vectors = readJson('rfc6962-vectors.json') as Vectors;
const tampered = readJson('tampered.json') as Tampered;
const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const vectorLeaves = vectors.leafData.map((d) => hashLeaf(hex(d)));
const vectorRoot = (size: number): Buffer => hex(vectors.roots[String(size)] as string);

/** The code a call fails with, or 'valid'. */
function outcome(check: () => void): string {
  try {
    check();
    return 'valid';
  } catch (error) {
    if (!(error instanceof VerificationError)) throw error;
    return error.code;
  }
}

const flipBit = (proof: readonly Buffer[], at: number, bit: number): Buffer[] =>
  proof.map((hash, i) => (i === at ? Buffer.from(hash.map((byte, j) => (j === bit >> 3 ? byte ^ (1 << (bit & 7)) : byte))) : hash));

// Test-side oracles, from the RFC's recursive definitions rather than the verifier's bit walk:
// the verifier's computation is fixed by the sides of the proof hashes, so a proof is accepted
// under other sizes/indexes exactly when these shapes agree (the root then binds the size).
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
function inclusionShape(index: number, size: number): string {
  let shape = '';
  for (let n = size, m = index; n > 1;) {
    const k = largestPowerOfTwoBelow(n);
    if (m < k) { shape = 'R' + shape; n = k; } else { shape = 'L' + shape; m -= k; n -= k; }
  }
  return shape;
}
function consistencyShape(from: number, to: number): string {
  if (from === 0 || from === to) return '';
  let shape = '';
  let isOldRoot = true;
  for (let n = to, m = from; m < n;) {
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) { shape = 'R' + shape; n = k; } else { shape = 'L' + shape; m -= k; n -= k; isOldRoot = false; }
  }
  return isOldRoot ? shape : 'S' + shape;
}
function expectedInclusionOutcome(index: number, size: number, trueIndex: number, trueSize: number): string {
  if (index < 0 || index >= size) return 'index_out_of_range';
  const shape = inclusionShape(index, size);
  const trueShape = inclusionShape(trueIndex, trueSize);
  if (shape.length !== trueShape.length) return 'proof_wrong_length';
  return shape === trueShape ? 'valid' : 'inclusion_proof_invalid';
}
function expectedConsistencyOutcome(from: number, to: number, trueFrom: number, trueTo: number): string {
  if (from < 0 || from > to) return 'tree_size_invalid';
  const shape = consistencyShape(from, to);
  const trueShape = consistencyShape(trueFrom, trueTo);
  if (shape.length !== trueShape.length) return 'proof_wrong_length';
  return shape === trueShape ? 'valid' : 'consistency_proof_invalid';
}

describe('verification of the RFC 6962 vectors', () => {
  it.each(vectors.inclusion)('accepts the inclusion proof for leaf $index of $size, and no corruption of it', ({ index, size, proof }) => {
    const leaf = vectorLeaves[index] as Buffer;
    const hashes = proof.map(hex);
    const root = vectorRoot(size);
    expect(rootFromInclusionProof(index, size, leaf, hashes).equals(root)).toBe(true);
    verifyInclusion(index, size, leaf, hashes, root);
    // The corruptions transparency-dev's verify_test.go probes.
    const probes: [string, () => void][] = [
      ['index - 1', () => verifyInclusion(index - 1, size, leaf, hashes, root)],
      ['index + 1', () => verifyInclusion(index + 1, size, leaf, hashes, root)],
      ['size * 2', () => verifyInclusion(index, size * 2, leaf, hashes, root)],
      ['size / 2', () => verifyInclusion(index, Math.floor(size / 2), leaf, hashes, root)],
      ['wrong leaf', () => verifyInclusion(index, size, hashLeaf(Buffer.from('WrongLeaf')), hashes, root)],
      ['empty root', () => verifyInclusion(index, size, leaf, hashes, EMPTY_ROOT)],
      ['trailing root', () => verifyInclusion(index, size, leaf, [...hashes, root], root)],
      ['preceding root', () => verifyInclusion(index, size, leaf, [root, ...hashes], root)],
      ...hashes.map((_, i): [string, () => void] => [`proof[${i}] bit 3`, () => verifyInclusion(index, size, leaf, flipBit(hashes, i, 3), root)]),
    ];
    for (const [name, probe] of probes) expect(outcome(probe), name).not.toBe('valid');
  });

  it.each(vectors.consistency)('accepts the consistency proof $from → $to, and no corruption of it', ({ from, to, proof }) => {
    const hashes = proof.map(hex);
    const [r1, r2] = [vectorRoot(from), vectorRoot(to)];
    verifyConsistency(from, to, hashes, r1, r2);
    if (hashes.length === 0) return;
    const probes: [string, () => void][] = [
      ['from - 1', () => verifyConsistency(from - 1, to, hashes, r1, r2)],
      ['from + 1', () => verifyConsistency(from + 1, to, hashes, r1, r2)],
      ['to * 2', () => verifyConsistency(from, to * 2, hashes, r1, r2)],
      ['to / 2', () => verifyConsistency(from, Math.floor(to / 2), hashes, r1, r2)],
      ['swapped roots', () => verifyConsistency(from, to, hashes, r2, r1)],
      ['empty proof', () => verifyConsistency(from, to, [], r1, r2)],
      ['truncated', () => verifyConsistency(from, to, hashes.slice(0, -1), r1, r2)],
      ['trailing root2', () => verifyConsistency(from, to, [...hashes, r2], r1, r2)],
      ['preceding proof[0]', () => verifyConsistency(from, to, [hashes[0] as Buffer, ...hashes], r1, r2)],
      ...hashes.map((_, i): [string, () => void] => [`proof[${i}] bit 4`, () => verifyConsistency(from, to, flipBit(hashes, i, 4), r1, r2)]),
    ];
    for (const [name, probe] of probes) expect(outcome(probe), name).not.toBe('valid');
  });
});

describe('golden tampered proofs (testdata/merkle/tampered.json)', () => {
  it('names its source', () => {
    expect(tampered.source).toMatch(/transparency-dev/);
  });

  const check = (expectation: Expectation, run: () => void): void => {
    if (expectation === 'valid') { run(); return; }
    expect(run).toThrow(VerificationError);
    expect(run).toThrow(expect.objectContaining({ code: expectation.code, message: expect.stringContaining(expectation.message) }));
  };

  it.each(tampered.inclusion)('inclusion: $name', (c) => {
    check(c.expect, () => verifyInclusion(c.index, c.size, hex(c.leafHash), c.proof.map(hex), hex(c.root)));
  });

  it.each(tampered.consistency)('consistency: $name', (c) => {
    check(c.expect, () => verifyConsistency(c.from, c.to, c.proof.map(hex), hex(c.fromRoot), hex(c.toRoot)));
  });

  it('shows expected and computed roots in base64 on a mismatch', () => {
    const c = tampered.inclusion.find((x) => x.name.startsWith('wrong root'));
    if (c === undefined) throw new Error('tampered.json lacks its wrong-root case');
    const error = (() => {
      try { verifyInclusion(c.index, c.size, hex(c.leafHash), c.proof.map(hex), hex(c.root)); } catch (e) { return e; }
      return undefined;
    })();
    expect(error).toBeInstanceOf(VerificationError);
    expect((error as VerificationError).expected).toBe(hex(c.root).toString('base64'));
    expect((error as VerificationError).actual).toBe(vectorRoot(8).toString('base64'));
  });
});

describe('edge cases', () => {
  const leaf = vectorLeaves[0] as Buffer;

  it('a one-leaf tree: the leaf is the root and the proof is empty', () => {
    verifyInclusion(0, 1, leaf, [], leaf);
    expect(outcome(() => verifyInclusion(0, 1, leaf, [], EMPTY_ROOT))).toBe('inclusion_proof_invalid');
    expect(outcome(() => verifyInclusion(0, 0, leaf, [], EMPTY_ROOT))).toBe('index_out_of_range');
    expect(outcome(() => verifyInclusion(0, 1, Buffer.alloc(0), [], leaf))).toBe('hash_wrong_size');
  });

  it('the empty tree is consistent with every tree, through an empty proof only', () => {
    verifyConsistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT);
    verifyConsistency(0, 8, [], EMPTY_ROOT, vectorRoot(8));
    expect(outcome(() => verifyConsistency(0, 8, [EMPTY_ROOT], EMPTY_ROOT, vectorRoot(8)))).toBe('proof_wrong_length');
    expect(outcome(() => verifyConsistency(0, 8, [], vectorRoot(1), vectorRoot(8)))).toBe('consistency_proof_invalid');
  });

  it('equal sizes need equal roots and an empty proof', () => {
    verifyConsistency(5, 5, [], vectorRoot(5), vectorRoot(5));
    expect(outcome(() => verifyConsistency(5, 5, [], vectorRoot(5), vectorRoot(6)))).toBe('consistency_proof_invalid');
    expect(outcome(() => verifyConsistency(5, 5, [EMPTY_ROOT], vectorRoot(5), vectorRoot(5)))).toBe('proof_wrong_length');
  });

  it('rejects sizes that are not tree sizes', () => {
    expect(outcome(() => verifyConsistency(6, 5, [], vectorRoot(5), vectorRoot(5)))).toBe('tree_size_invalid');
    expect(outcome(() => verifyConsistency(-1, 5, [], EMPTY_ROOT, vectorRoot(5)))).toBe('tree_size_invalid');
    expect(outcome(() => verifyInclusion(0, 2.5, leaf, [], leaf))).toBe('tree_size_invalid');
  });

  it('a proof accepted under another size is bound by its root (RFC 9162 property)', () => {
    // Leaf 0 has the same path shape in trees of 3 and 4 leaves: only the root tells them apart.
    const proof3 = buildInclusionProof(0, 3, lookupFromMap(storeOf(vectorLeaves)));
    verifyInclusion(0, 4, leaf, proof3, vectorRoot(3));
    expect(outcome(() => verifyInclusion(0, 4, leaf, proof3, vectorRoot(4)))).toBe('inclusion_proof_invalid');
  });
});

function storeOf(leafHashes: readonly Buffer[]): Map<string, Buffer> {
  return new Map(appendLeaves(0, [], leafHashes).nodes.map((node) => [nodeKey(node), node.hash]));
}

describe('generated proofs (fast-check, sizes up to 5,000)', () => {
  const leaves = Array.from({ length: 5000 }, (_, i) => hashLeaf(Buffer.from(`event ${i}`)));
  const { nodes } = appendLeaves(0, [], leaves);
  const lookup = lookupFromMap(new Map(nodes.map((node) => [nodeKey(node), node.hash])));
  // Roots come from the literal reference, independent of the code under test.
  const rootOf = (n: number): Buffer => referenceRoot(leaves.slice(0, n));
  const sized = fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1)));

  it('inclusion proofs verify; tampered ones fail with the right code', () => {
    fc.assert(fc.property(sized, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 5000 }), fc.nat(4999),
      ([n, i], at, bit, otherSize, otherIndex) => {
        const proof = buildInclusionProof(i, n, lookup);
        const root = rootOf(n);
        const leaf = leaves[i] as Buffer;
        expect(proof).toHaveLength(inclusionProofLength(i, n));
        verifyInclusion(i, n, leaf, proof, root);
        const run = (index: number, size: number, p: readonly Buffer[]): string => outcome(() => verifyInclusion(index, size, leaf, p, root));
        if (proof.length > 0) {
          expect(run(i, n, flipBit(proof, at % proof.length, bit))).toBe('inclusion_proof_invalid');
          expect(run(i, n, proof.slice(0, -1))).toBe('proof_wrong_length');
        }
        expect(run(i, n, [...proof, root])).toBe('proof_wrong_length');
        if (otherIndex !== i) expect(run(otherIndex, n, proof)).toBe(expectedInclusionOutcome(otherIndex, n, i, n));
        if (otherSize !== n) expect(run(i, otherSize, proof)).toBe(expectedInclusionOutcome(i, otherSize, i, n));
      }), { numRuns: 60 });
  });

  it('consistency proofs verify; tampered ones fail with the right code', () => {
    fc.assert(fc.property(sized, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 5000 }),
      ([n, m0], at, bit, otherFrom, otherTo) => {
        const m = m0 + 1; // 1..n
        const proof = buildConsistencyProof(m, n, lookup);
        const [r1, r2] = [rootOf(m), rootOf(n)];
        expect(proof).toHaveLength(consistencyProofLength(m, n));
        verifyConsistency(m, n, proof, r1, r2);
        const run = (from: number, to: number, p: readonly Buffer[]): string => outcome(() => verifyConsistency(from, to, p, r1, r2));
        if (proof.length > 0) {
          expect(run(m, n, flipBit(proof, at % proof.length, bit))).toBe('consistency_proof_invalid');
          expect(run(m, n, proof.slice(0, -1))).toBe('proof_wrong_length');
          if (otherFrom !== m) expect(run(otherFrom, n, proof)).toBe(expectedConsistencyOutcome(otherFrom, n, m, n));
          if (otherTo !== n) expect(run(m, otherTo, proof)).toBe(expectedConsistencyOutcome(m, otherTo, m, n));
        }
        expect(run(m, n, [...proof, r2])).toBe('proof_wrong_length');
      }), { numRuns: 60 });
  });
});
