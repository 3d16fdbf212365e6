/**
 * Shared vocabulary of the dialogue domain: who acts (Actor), what a decider returns
 * (DomainEvent), roles, and multilingual text.
 */
import type { Json, MemberId, PartyId } from '../record/index.js';

export const ROLES = ['principal', 'delegate', 'notetaker', 'duty_officer', 'observer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The member on whose behalf a command runs, as authenticated by the node. */
export interface Actor {
  readonly party: PartyId;
  readonly member: MemberId;
  readonly roles: readonly Role[];
}

/** An event a decider wants recorded; the node adds the envelope, chains and signs it. */
export interface DomainEvent<T extends string = string, B extends Json = Json> {
  readonly type: T;
  readonly body: B;
}

/**
 * Human text in one or more languages: `{ "en": "…", "zh-Hans": "…" }`. A missing
 * translation is simply absent, never filled in from another language.
 */
export type MultilingualText = Readonly<Record<string, string>>;

/**
 * The node acting for one of its parties without a person: delivery receipts, automatic
 * link-test answers, deadlines passing. Recorded with `member: null`; it has no roles, so
 * deciders accept it only on paths that do not call `authorize`.
 */
export function nodeActor(party: PartyId): Actor {
  return { party, member: null as unknown as MemberId, roles: [] };
}
