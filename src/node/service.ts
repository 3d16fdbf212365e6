/**
 * The application service of one node: authenticate → authorize → decide → sign → append
 * and project in one transaction. The HTTP API and the CLI both call this; neither talks
 * to the store or the record directly for actions.
 */
import type { EventSigner } from './event-signer.js';
import {
  DomainError, ROLES, conflict, decideMessage, forbidden, invalid, notFound,
  type Actor, type MessageKind, type MultilingualText, type Role,
} from '../domain/index.js';
import type { DialogueId, MemberId, PartyId } from '../record/index.js';
import { Appender, type Decide, type GroupWork } from './appender.js';
import { reactionsTo } from './follow-ups.js';
import { requireAggregate } from './preconditions.js';
import { LiveBus } from './live.js';
import type { Clock, DialogueRecord, KeyStore, MemberRecord, PartyRecord, Store, StoredEvent } from './ports.js';
import type { StateDigest } from './state-digest.js';

/** How long a member record is trusted before it is read again. */
const MEMBER_CACHE_MS = 5_000;

export interface NodeDeps {
  readonly store: Store;
  readonly keys: KeyStore;
  readonly clock: Clock;
  /** Signs appended events on a worker thread; without it they are signed on this one. */
  readonly signer?: EventSigner;
}

export interface OpenDialogue {
  readonly id: DialogueId;
  readonly title: MultilingualText;
  readonly parties: readonly PartyId[];
}

export class ParleyNode {
  readonly store: Store;
  readonly keys: KeyStore;
  readonly clock: Clock;
  /** Committed events and private notices, for SSE streams and webhooks. */
  readonly live = new LiveBus();
  private readonly appender: Appender;

  constructor(deps: NodeDeps) {
    this.store = deps.store;
    this.keys = deps.keys;
    this.clock = deps.clock;
    this.appender = new Appender({ ...deps, live: this.live });
  }

  /** Registers a party hosted by this node, creating its signing key if it has none. */
  async hostParty(id: PartyId, name: MultilingualText, options: { timeZone?: string | undefined } = {}): Promise<PartyRecord> {
    const key = this.keys.partyKey(id) ?? this.keys.createPartyKey(id);
    const party: PartyRecord = { id, name, publicKey: key.publicKey, ...(options.timeZone ? { timeZone: options.timeZone } : {}) };
    await this.store.putParty(party);
    return party;
  }

  async addMember(member: MemberRecord): Promise<void> {
    await this.#checkMember(member);
    await this.putMember(member);
  }

  /** Adds a member whose id must be new: `409 member_exists` otherwise, even when two adds race. */
  async createMember(member: MemberRecord): Promise<void> {
    await this.#checkMember(member);
    if (!(await this.store.createMember(member))) throw conflict('member_exists', `member ${member.id} exists`, 'id');
    this.#forgetMember(member.id);
  }

  async #checkMember(member: MemberRecord): Promise<void> {
    if (!(await this.store.party(member.party))) throw notFound('party_not_found', `no party ${member.party}`, 'party');
    for (const role of member.roles) {
      if (!(ROLES as readonly string[]).includes(role)) throw invalid('role_unknown', 'roles', `unknown role "${role}"`);
    }
  }

  /**
   * Opens a dialogue between parties hosted here: the first party records `dialogue.opened`
   * (title and every party's key), then each other party records `dialogue.joined`, so each
   * party's key is bound into the record by that party's own signature.
   */
  async openDialogue(spec: OpenDialogue): Promise<DialogueRecord> {
    if (spec.parties.length < 2) throw invalid('too_few_parties', 'parties', 'a dialogue needs at least two parties');
    if (await this.store.dialogue(spec.id)) throw new DomainError('conflict', 'dialogue_exists', `dialogue ${spec.id} exists`, 'id');
    const parties: PartyRecord[] = [];
    for (const id of spec.parties) {
      const party = await this.store.party(id);
      if (!party) throw notFound('party_not_found', `no party ${id}`, 'parties');
      parties.push(party);
    }
    const record: DialogueRecord = { id: spec.id, title: spec.title, parties: spec.parties, createdAt: this.clock.now().toISOString() };
    await this.store.createDialogue(record);
    const [opener, ...joiners] = parties;
    await this.appender.run(spec.id, () => ({
      party: opener!.id, member: null, result: () => undefined,
      events: [{
        type: 'dialogue.opened',
        body: {
          title: { ...spec.title },
          parties: parties.map((p) => ({ id: p.id, name: { ...p.name }, publicKey: p.publicKey.toString('base64') })),
        },
      }],
    }));
    for (const party of joiners) {
      await this.appender.run(spec.id, () => ({
        party: party.id, member: null, result: () => undefined,
        events: [{ type: 'dialogue.joined', body: { publicKey: party.publicKey.toString('base64') } }],
      }));
    }
    return record;
  }

  /**
   * Members by id, for a few seconds: every command looks its member up, and roles change
   * rarely. Changes through this node take effect at once; another process's changes (a
   * shared PostgreSQL) within MEMBER_CACHE_MS.
   */
  private readonly members = new Map<MemberId, { member: MemberRecord | undefined; until: number }>();
  /** Bumped whenever a member is forgotten: a read that overlapped a change does not cache what it found. */
  #memberGeneration = 0;

  async member(id: MemberId): Promise<MemberRecord | undefined> {
    const now = Date.now();
    const cached = this.members.get(id);
    if (cached && cached.until > now) return cached.member;
    const generation = this.#memberGeneration;
    const member = await this.store.member(id);
    if (generation === this.#memberGeneration) {
      if (this.members.size > 10_000) this.members.clear();
      this.members.set(id, { member, until: now + MEMBER_CACHE_MS });
    }
    return member;
  }

  /** Adds or changes a member (roles, name) and forgets any cached copy. */
  async putMember(member: MemberRecord): Promise<void> {
    await this.store.putMember(member);
    this.#forgetMember(member.id);
  }

  /** Store.replaceMember, forgetting the cached member when it changed. */
  async replaceMember(expected: MemberRecord, next: MemberRecord): Promise<boolean> {
    const replaced = await this.store.replaceMember(expected, next);
    this.#forgetMember(expected.id);
    return replaced;
  }

  /** Drops the cached member now and, inside a store transaction, again once it commits (a read meanwhile sees the old row). */
  #forgetMember(id: MemberId): void {
    const forget = () => {
      this.#memberGeneration++;
      this.members.delete(id);
    };
    forget();
    this.store.afterCommit(forget);
  }

  /** The member as an actor in `dialogue`; refuses members whose party is not in it. */
  async actor(dialogue: DialogueRecord, memberId: MemberId): Promise<Actor> {
    const member = await this.member(memberId);
    if (!member) throw notFound('member_not_found', `no member ${memberId}`, 'member');
    if (!dialogue.parties.includes(member.party)) {
      throw forbidden('party_not_in_dialogue', `party ${member.party} is not a party to dialogue ${dialogue.id}`);
    }
    return { party: member.party, member: member.id, roles: member.roles as readonly Role[] };
  }

  /** Dialogue records never change once created (their parties are fixed), so they are cached. */
  private readonly dialogues = new Map<DialogueId, DialogueRecord>();

  async dialogue(id: DialogueId): Promise<DialogueRecord> {
    const cached = this.dialogues.get(id);
    if (cached) return cached;
    const dialogue = await this.store.dialogue(id);
    if (!dialogue) throw notFound('dialogue_not_found', `no dialogue ${id}`, 'dialogue');
    this.dialogues.set(id, dialogue);
    return dialogue;
  }

  /**
   * A member posts an informal message or a formal note to the dialogue. Each recipient
   * party hosted on this node records its signed delivery receipt in the same transaction
   * (member null: the node receipts, a person acknowledges); parties hosted elsewhere
   * receipt on their own node when the message reaches it. The member is looked up inside
   * the transaction, so concurrent posts queue at once and commit together.
   */
  /**
   * Posts a message or formal note. A working group or a message it answers must be one of
   * this dialogue's (checked in the same transaction as the decision).
   */
  async postMessage(input: {
    dialogue: DialogueId; member: MemberId; kind: MessageKind; text: MultilingualText; authentic?: readonly string[];
    workingGroup?: string; replyTo?: string; requiresAcknowledgement?: boolean;
  }): Promise<StoredEvent> {
    const dialogue = await this.dialogue(input.dialogue);
    return this.execute(dialogue.id, async (tx) => {
      const actor = await this.actor(dialogue, input.member);
      const events = decideMessage({
        type: 'post_message', actor, kind: input.kind, text: input.text,
        ...(input.authentic ? { authentic: input.authentic } : {}),
        ...(input.workingGroup !== undefined ? { workingGroup: input.workingGroup } : {}),
        ...(input.replyTo !== undefined ? { replyTo: input.replyTo } : {}),
        ...(input.requiresAcknowledgement ? { requiresAcknowledgement: true } : {}),
      });
      if (input.workingGroup !== undefined) await requireAggregate(tx, dialogue, 'working_group', input.workingGroup, 'workingGroup');
      if (input.replyTo !== undefined) await requireAggregate(tx, dialogue, 'message', input.replyTo, 'replyTo');
      return {
        party: actor.party, member: actor.member, events, result: (stored) => stored[0]!,
        followUp: (stored, tx, now) => reactionsTo(stored, tx, now, { dialogue, keys: this.keys, store: this.store }),
      };
    });
  }

  /**
   * The dialogue's state digest: equal on every node holding the same events, whatever
   * order they arrived in (federation compares them; see state-digest.ts).
   */
  async stateDigest(id: DialogueId): Promise<StateDigest> {
    const dialogue = await this.dialogue(id);
    return this.store.stateDigest(dialogue.id);
  }

  /**
   * Runs `work` in the dialogue's group transaction, serialised with local commands
   * (federation ingest: append events signed elsewhere, then the hosted parties' reactions).
   */
  transact<T>(dialogue: DialogueId, work: GroupWork<T>): Promise<T> {
    return this.appender.runInGroup(dialogue, work);
  }

  /** Runs a decision through the group-committing appender. */
  execute<T>(dialogue: DialogueId, decide: Decide<T>): Promise<T> {
    return this.appender.run(dialogue, decide);
  }
}
