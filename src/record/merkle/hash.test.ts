import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { EMPTY_ROOT, hashChildren, hashLeaf } from './hash.js';

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
});
