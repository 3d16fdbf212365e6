/**
 * The RFC 9162 Merkle log, pure: hashing, the perfect-subtree storage model, proofs built from
 * stored nodes, and verification of proofs received from others. (reference.ts is test-only.)
 */
// Hashing (RFC 9162 §2.1): leaf, interior node, empty tree.
export { EMPTY_ROOT, HASH_SIZE, hashLeaf, hashLeafText, hashChildren } from './hash.js';
// Node names for the stored perfect subtrees, and lookups over them.
export { nodeKey, type NodeId, type MerkleNode, type NodeLookup } from './node-id.js';
// Appending: the new perfect nodes to store, the frontier, the root; an in-memory compact tree.
export { frontierIds, appendLeaves, rootFromFrontier, CompactTree } from './append.js';
// Proofs from stored nodes: plan the ids, fetch them in one query, then build.
export {
  inclusionProofIds, buildInclusionProof, consistencyProofIds, buildConsistencyProof,
  rootIds, rootFromNodes, lookupFromMap,
} from './proof.js';
// Verification of received proofs (throws VerificationError with a stable code).
export {
  rootFromInclusionProof, verifyInclusion, verifyConsistency, inclusionProofLength, consistencyProofLength,
} from './verify.js';
