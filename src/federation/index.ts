/**
 * Node-to-node federation (docs/federation.md, docs/decisions/0013-federation.md).
 *
 * - peers.ts: this node's published identity (`parley node info`), pinning peers and the
 *   parties they host (`parley peer add`, `parley party host`).
 * - inbox.ts: verified ingest of another node's events (FederationInbox.ingest) — append,
 *   duplicate, wait for a missing dependency, quarantine, or keep proof of equivocation.
 * - http-signature.ts: signing and verifying requests and responses (RFC 9421, RFC 9530);
 *   structured-fields.ts the RFC 8941 parts they need.
 */
export {
  NODE_INFO_FORMAT, NodeInfoSchema, nodeInfo, parseNodeInfo, pinPeer, pinPartyHost, partyHosts, hostedParties, cosignerKey,
  type NodeInfo, type PartyInfo, type NodeIdentity,
} from './peers.js';
// RFC 9421 HTTP Message Signatures (Ed25519) and RFC 9530 Content-Digest for node-to-node messages.
export {
  SIGNATURE_LABEL, SIGNATURE_TAG, MAX_SKEW_SECONDS, NONCE_MARGIN_SECONDS, REQUEST_COMPONENTS, RESPONSE_COMPONENTS, HttpSignatureError,
  contentDigest, headerLookup, newNonce, nonceExpiry, requestNonce, signRequest, signResponse, signatureBase, verifyRequest, verifyResponse,
  type AnsweredRequest, type ComponentId, type HeaderLookup, type HttpSignatureErrorCode, type RequestParts, type ResponseParts, type SignedHeaders,
} from './http-signature.js';
// The serving side of /federation/v1 and the witness (C2SP tlog-witness add-checkpoint).
export { FederationServer, FederationProblem, MAX_PULL_LIMIT, MAX_PUSH_EVENTS, type FederationServerDeps, type PulledEvents } from './server.js';
export { addCheckpoint, parseAddCheckpoint, formatAddCheckpoint, type AddCheckpointRequest, type AddCheckpointResult, type WitnessDeps } from './witness.js';
// Signed requests to a pinned peer, with verified signed answers.
export { PeerClient, PeerUnavailableError, FEDERATION_PATH, type PeerResponse, type PeerClientOptions } from './client.js';
// Delivery (the log is the outbox), catch-up pull and checkpoint witnessing, in one worker.
export { Replicator, type EventIngest, type RefusedByPeer, type ReplicatorDeps, type ReplicatorOptions, type RoundReport } from './replicator.js';
// Cosignatures and conflict evidence as `parley verify` shows them.
export { verifiedCosignatures, checkpointConflicts, type VerifiedCheckpointCosignature } from './cosignatures.js';
// Verified ingest of events from other nodes.
export {
  FederationInbox, type FederationInboxOptions, type IngestResult, type IngestStatus, type RetriedRefusal,
} from './inbox.js';
export { inboxView, retriedCounts, retriedView, type InboxView, type RefusedView, type RetriedView, type WaitingView } from './inbox-view.js';
// Dialogues whose parties are hosted on different nodes.
export { openFederatedDialogue, expectFederatedDialogue, type FederatedDialogueSpec } from './setup.js';
// Fork evidence of one dialogue as its parties' members read it (GET …/record/forks).
export { forksOf, type DialogueForks, type EventFork, type CheckpointFork, type ForkedCheckpoint } from './forks.js';
