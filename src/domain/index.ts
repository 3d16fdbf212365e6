/**
 * The dialogue domain, pure: one folder per aggregate, each a decider
 * (decide(command, state) → events; evolve(state, event) → state). No I/O; time comes in
 * on the command.
 */
export { DomainError, invalid, forbidden, notFound, conflict, type DomainErrorKind } from './errors.js';
export { ROLES, nodeActor, type Role, type Actor, type DomainEvent, type MultilingualText } from './types.js';
export { checkMultilingualText } from './multilingual.js';
export * from './message/index.js';
export { targetOf, type AggregateKind, type AggregateIndex, type DecideContext, type Timeout } from './aggregate.js';
export { indexDate, utcInstant } from './index-dates.js';
export type { RecordedEvent, DialogueContext } from './recorded.js';
export { isAgreed, awaiting, type Acceptances } from './agreement.js';
export { PERMISSIONS, can, authorize, authorizeRoleChange, canSeePrivateNotice, sameRoles, type Action } from './policy.js';
export { AGGREGATE_KINDS, REDACTABLE_EVENT_TYPES, kindsForEventType, aggregateKind, type AnyAggregateKind } from './registry.js';
export { DIALOGUE_EVENT_TYPES, KNOWN_EVENT_TYPES, NODE_RECORDED_TYPES, checkPartyRight, type RightContext } from './rights.js';
export * from './working-group/index.js';
export * from './readout/index.js';
export * from './joint-statement/index.js';
export * from './context/index.js';
export * from './redaction/index.js';
export * from './fork-report/index.js';
export * from './commitment/index.js';
export * from './meeting/index.js';
export * from './terms/index.js';
export * from './talk-request/index.js';
export * from './query/index.js';
export * from './notice/index.js';
export * from './assurance/index.js';
export * from './incident/index.js';
export { DEGREE, checkArea, checkPosition, type Area, type Position } from './geo.js';
export * from './hotline/index.js';
export * from './hotline-link/index.js';
export * from './floor/index.js';
export { checkId, MAX_ID_LENGTH, optionalReference } from './ids.js';
