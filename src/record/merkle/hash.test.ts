import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { EMPTY_ROOT, hashChildren, hashLeaf, hashLeafText } from './hash.js';

interface HashingVectors {
  emptyRoot: string;
  leaf: { data: string; hash: string }[];
  children: { left: string; right: string; hash: string }[];
}
const vectors = JSON.parse(readFileSync(new URL('../../../testdata/merkle/rfc6962-vectors.json', import.meta.url), 'utf8')) as
  { hashing: HashingVectors };
const hex = (s: string): Buffer => Buffer.from(s, 'hex');

describe('RFC 9162 hashing', () => {
  it('the empty root is SHA-256 of the empty string', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(vectors.hashing.emptyRoot);
  });

  it.each(vectors.hashing.leaf)('hashes leaf data $data with the 0x00 prefix', ({ data, hash }) => {
    expect(hashLeaf(hex(data)).toString('hex')).toBe(hash);
  });

  it.each(vectors.hashing.children)('hashes children with the 0x01 prefix', ({ left, right, hash }) => {
    expect(hashChildren(hex(left), hex(right)).toString('hex')).toBe(hash);
  });

  it('keeps leaves and interior nodes apart, and children in order', () => {
    const a = hashLeaf(Buffer.from('Hello'));
    const b = hashLeaf(Buffer.from('World'));
    expect(hashChildren(a, b).equals(hashLeaf(Buffer.concat([a, b])))).toBe(false);
    expect(hashChildren(a, b).equals(hashChildren(b, a))).toBe(false);
    expect(hashLeaf(new Uint8Array()).equals(EMPTY_ROOT)).toBe(false);
  });

  it('hashes a text leaf as its UTF-8 bytes, whatever its length (the scratch buffer grows)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat({ max: 3000 }), (text, repeat) => {
      const long = text.repeat(repeat % 300);
      return hashLeafText(text).equals(hashLeaf(Buffer.from(text, 'utf8'))) && hashLeafText(long).equals(hashLeaf(Buffer.from(long, 'utf8')));
    }), { numRuns: 200 });
    // Results are fresh buffers: hashing again does not change an earlier result.
    const first = hashLeaf(Buffer.from('a'));
    const copy = Buffer.from(first);
    hashChildren(hashLeafText('b'.repeat(10_000)), first);
    expect(first.equals(copy)).toBe(true);
  });
});
