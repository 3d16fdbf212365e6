/**
 * Node-to-node federation (docs/federation.md, docs/decisions/0013-federation.md).
 *
 * - peers.ts: this node's published identity (`parley node info`), pinning peers and the
 *   parties they host (`parley peer add`, `parley party host`).
 */
export {
  NODE_INFO_FORMAT, NodeInfoSchema, nodeInfo, parseNodeInfo, pinPeer, pinPartyHost, partyHosts, hostedParties, cosignerKey,
  type NodeInfo, type PartyInfo, type NodeIdentity,
} from './peers.js';
