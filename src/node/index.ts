/**
 * The application service and its ports. Adapters (src/store, src/keys) implement the
 * ports; the composition root (src/app) wires them; http/ and cli/ call the service.
 */
export * from './ports.js';
export { stateDigestOf, type StateDigest, type DigestAggregate } from './state-digest.js';
export { ParleyNode, type NodeDeps, type OpenDialogue } from './service.js';
export { RecordService, type InclusionProof, type ConsistencyProof } from './record-service.js';
export { EventSigner } from './event-signer.js';
export { Appender, type Decide, type Decision, type GroupContext, type GroupWork } from './appender.js';
export type * from './inbox-ports.js';
export { reactionsTo } from './follow-ups.js';
export { systemClock, ManualClock } from './clock.js';
export { LiveBus, type LiveNotice, type LiveListener } from './live.js';
export { presentEvent, presentNotice, matchesTypes, parseTypeFilter, type PresentedEvent, type PresentedNotice } from './live-presentation.js';
export type * from './webhook-ports.js';
export type * from './peer-ports.js';
export { WebhookDelivery, type WebhookDeliveryOptions } from './webhook-delivery.js';
export { WebhookOutbox } from './webhook-outbox.js';
export { WebhookWorker, type WebhookWorkerOptions } from './webhook-worker.js';
export { newWebhookSecret, signWebhook, verifyWebhookSignature } from './webhook-signature.js';
export { allAggregates } from './aggregate-pages.js';
export { audited, changedFields, type AuditedChange, type AuditedEntry } from './audit.js';
export { dialogueFloor } from './floor.js';
export { termsInForce, termsInForceRecord, type AgreedTermsState, type TermsInForce } from './terms.js';
