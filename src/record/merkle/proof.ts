/**
 * RFC 9162 inclusion and consistency proofs, built from stored perfect nodes only. Planning
 * (which node ids are needed) is separate from building (hashing them into a proof) so the
 * store can fetch every hash in one query: ids = inclusionProofIds(i, n) → fetch →
 * buildInclusionProof(i, n, lookup).
 *
 * A proof hash covering an incomplete right-edge subtree (an "ephemeral" node, never stored)
 * is recomputed from the perfect nodes that make it up; at most one per proof, O(log n) ids.
 */
import { RecordError } from '../errors.js';
import { hashChildren } from './hash.js';
import { frontierIds, rootFromFrontier } from './append.js';
import {
  assertLeafIndex, assertTreeSize, nodeKey, rangeIds, splitPoint, type NodeId, type NodeLookup,
} from './node-id.js';

/** One proof hash: MTH of consecutive perfect subtrees (a single id is simply a stored node). */
type ProofTerm = readonly NodeId[];

/** PATH(index, D[0:size]) of RFC 9162 §2.1.3.1 as node ids, leaf level first. */
function inclusionPlan(index: number, size: number): ProofTerm[] {
  assertLeafIndex(index, size);
  const topDown: ProofTerm[] = [];
  let start = 0;
  let n = size;
  let m = index;
  while (n > 1) {
    const k = splitPoint(n);
    if (m < k) {
      topDown.push(rangeIds(start + k, start + n)); // sibling on the right, maybe ephemeral
      n = k;
    } else {
      topDown.push(rangeIds(start, start + k)); // sibling on the left, always perfect
      start += k;
      m -= k;
      n -= k;
    }
  }
  return topDown.reverse();
}

/** PROOF(from, D[0:to]) of RFC 9162 §2.1.4.1 as node ids, leaf level first. */
function consistencyPlan(from: number, to: number): ProofTerm[] {
  assertTreeSize(from, 'old tree size');
  assertTreeSize(to, 'new tree size');
  if (from > to) {
    throw new RecordError('tree_size_invalid', `old tree size ${from} is larger than new tree size ${to}`);
  }
  // RFC 9162 defines no proof from the empty tree; it is consistent with every tree.
  if (from === 0) return [];
  const topDown: ProofTerm[] = [];
  let start = 0;
  let n = to;
  let m = from;
  let isOldRoot = true; // SUBPROOF's b: the current subtree's hash is the old root itself
  while (m < n) {
    const k = splitPoint(n);
    if (m <= k) {
      topDown.push(rangeIds(start + k, start + n));
      n = k;
    } else {
      topDown.push(rangeIds(start, start + k));
      start += k;
      m -= k;
      n -= k;
      isOldRoot = false;
    }
  }
  if (!isOldRoot) topDown.push(rangeIds(start, start + n));
  return topDown.reverse();
}

function uniqueIds(plan: readonly ProofTerm[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const term of plan) for (const id of term) seen.set(nodeKey(id), id);
  return [...seen.values()];
}

/** MTH of a term: its subtrees folded right to left, as RFC 9162 splits at the largest one. */
function hashTerm(term: ProofTerm, lookup: NodeLookup): Buffer {
  const last = term[term.length - 1];
  if (last === undefined) throw new RecordError('merkle_empty_term', 'a proof term covers no leaves');
  let hash = lookup(last);
  for (let i = term.length - 2; i >= 0; i--) hash = hashChildren(lookup(term[i] as NodeId), hash);
  return hash;
}

/** The stored nodes (deduplicated) needed for the inclusion proof of leaf `index` in a tree of `size`. */
export function inclusionProofIds(index: number, size: number): NodeId[] {
  return uniqueIds(inclusionPlan(index, size));
}

/** The RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves, leaf level first. */
export function buildInclusionProof(index: number, size: number, lookup: NodeLookup): Buffer[] {
  return inclusionPlan(index, size).map((term) => hashTerm(term, lookup));
}

/** The stored nodes (deduplicated) needed for the consistency proof from size `from` to `to`. */
export function consistencyProofIds(from: number, to: number): NodeId[] {
  return uniqueIds(consistencyPlan(from, to));
}

/** The RFC 9162 consistency proof between tree sizes `from` and `to`; empty when from is 0 or equals to. */
export function buildConsistencyProof(from: number, to: number, lookup: NodeLookup): Buffer[] {
  return consistencyPlan(from, to).map((term) => hashTerm(term, lookup));
}

/** The stored nodes whose hashes make up the root of a tree of `size` leaves (= frontierIds). */
export function rootIds(size: number): NodeId[] {
  return frontierIds(size);
}

/** The root hash (MTH) of the tree of `size` leaves, from its stored frontier nodes. */
export function rootFromNodes(size: number, lookup: NodeLookup): Buffer {
  return rootFromFrontier(rootIds(size).map((id) => lookup(id)));
}

/** A NodeLookup over a Map keyed by nodeKey; a missing node is a RecordError naming it. */
export function lookupFromMap(map: ReadonlyMap<string, Buffer>): NodeLookup {
  return (id) => {
    const hash = map.get(nodeKey(id));
    if (hash === undefined) {
      throw new RecordError('missing_merkle_node',
        `Merkle node ${nodeKey(id)} (level ${id.level}, index ${id.index}) is not available`);
    }
    return hash;
  };
}
