/**
 * The PrivateStore port (src/node/private-ports.ts) over the PRIVATE tables of
 * migrations/0003-private-data.ts (accounts, sessions, API tokens, private notes and
 * readout drafts), 0004 (escalation) and 0014 (the audit log). Federation and export never
 * read these. Notes, drafts and audit entries are always read with the owning party in the
 * WHERE clause, so an id of another party finds nothing.
 */
import type { Kysely } from 'kysely';
import type { DialogueId, MemberId, PartyId } from '../record/index.js';
import type { MemberRecord, Role } from '../node/ports.js';
import type { EscalationRung } from '../domain/index.js';
import type {
  AuditAction, AuditEntry, AuditQuery, EscalationLadderRecord, EscalationStepRecord, PendingEscalation,
  PrivateNoteRecord, PrivateStore, ReadoutDraftRecord, SessionRecord, TokenRecord, TokenScope,
} from '../node/private-ports.js';
import type { StoreCapabilities } from './capabilities.js';
import { StoreError } from './errors.js';
import type { Database, Row } from './schema.js';

export class SqlPrivateStore implements PrivateStore {
  /** `db()` is the running transaction's executor, or the pool outside one. */
  constructor(private readonly db: () => Kysely<Database>, private readonly capabilities: StoreCapabilities) {}

  async setPasswordHash(member: MemberId, hash: string, at: string): Promise<void> {
    await this.db().insertInto('accounts').values({ member_id: member, password_hash: hash, updated_at: at })
      .onConflict((oc) => oc.column('member_id').doUpdateSet({ password_hash: hash, updated_at: at }))
      .execute();
  }

  async passwordHash(member: MemberId): Promise<string | undefined> {
    const row = await this.db().selectFrom('accounts').select('password_hash').where('member_id', '=', member).executeTakeFirst();
    return row?.password_hash;
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.db().insertInto('sessions').values({
      id_hash: session.idHash, member_id: session.member, created_at: session.createdAt, expires_at: session.expiresAt,
    }).execute();
  }

  async session(idHash: string): Promise<SessionRecord | undefined> {
    const row = await this.db().selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return row && {
      idHash: row.id_hash, member: row.member_id as MemberId, createdAt: row.created_at, expiresAt: row.expires_at,
    };
  }

  async deleteSession(idHash: string): Promise<boolean> {
    const result = await this.db().deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async deleteSessionsOf(member: MemberId): Promise<number> {
    const result = await this.db().deleteFrom('sessions').where('member_id', '=', member).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async createToken(token: TokenRecord): Promise<void> {
    await this.db().insertInto('api_tokens').values({
      id: token.id, member_id: token.member, name: token.name, secret_hash: token.secretHash,
      scopes: JSON.stringify(token.scopes), created_at: token.createdAt,
      revoked_at: token.revokedAt, last_used_at: token.lastUsedAt,
    }).execute();
  }

  async token(id: string): Promise<TokenRecord | undefined> {
    const row = await this.db().selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row && tokenOf(row);
  }

  /** Oldest first. */
  async tokensOf(member: MemberId): Promise<TokenRecord[]> {
    const rows = await this.db().selectFrom('api_tokens').selectAll().where('member_id', '=', member)
      .orderBy('created_at').orderBy('id').execute();
    return rows.map(tokenOf);
  }

  /** Keeps the first revocation time: revoking twice changes nothing. */
  async revokeToken(id: string, at: string): Promise<boolean> {
    const result = await this.db().updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.db().updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  /** By name, then id. */
  async membersOf(party: PartyId): Promise<MemberRecord[]> {
    return this.#membersOf(party, false);
  }

  async lockMembersOf(party: PartyId): Promise<MemberRecord[]> {
    return this.#membersOf(party, true);
  }

  async #membersOf(party: PartyId, lock: boolean): Promise<MemberRecord[]> {
    // Locked until the transaction ends (PostgreSQL; SQLite's write transaction excludes other writers).
    const rows = await this.db().selectFrom('members').selectAll().where('party_id', '=', party)
      .$if(lock && this.capabilities.appendLock === 'row_lock', (q) => q.forUpdate())
      .orderBy('name').orderBy('id').execute();
    return rows.map((row) => ({
      id: row.id as MemberId, party: row.party_id as PartyId, name: row.name, roles: JSON.parse(row.roles) as Role[],
    }));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.db().insertInto('audit_log').values({
      id: entry.id, party_id: entry.party, actor_id: entry.actor, action: entry.action, target: entry.target,
      detail: JSON.stringify(entry.detail), at: entry.at,
    }).execute();
  }

  async auditEntries(party: PartyId, query: AuditQuery): Promise<AuditEntry[]> {
    const db = this.db();
    const cursor = query.after === undefined ? undefined
      : await db.selectFrom('audit_log').select('seq').where('party_id', '=', party).where('id', '=', query.after).executeTakeFirst();
    if (query.after !== undefined && cursor === undefined) {
      throw new StoreError('invalid', 'invalid_cursor', `no audit entry ${query.after} of your party to continue after`);
    }
    const rows = await db.selectFrom('audit_log').selectAll().where('party_id', '=', party)
      .$if(query.action !== undefined, (q) => q.where('action', '=', query.action!))
      .$if(query.actor !== undefined, (q) => q.where('actor_id', '=', query.actor!))
      .$if(query.target !== undefined, (q) => q.where('target', '=', query.target!))
      .$if(query.from !== undefined, (q) => q.where('at', '>=', query.from!))
      .$if(query.to !== undefined, (q) => q.where('at', '<=', query.to!))
      .$if(cursor !== undefined, (q) => q.where('seq', '<', cursor!.seq))
      .orderBy('seq', 'desc')
      .limit(query.limit)
      .execute();
    return rows.map((row) => ({
      id: row.id, party: row.party_id as PartyId, actor: row.actor_id as MemberId, action: row.action as AuditAction,
      target: row.target, detail: JSON.parse(row.detail) as AuditEntry['detail'], at: row.at,
    }));
  }

  async addPrivateNote(note: PrivateNoteRecord): Promise<void> {
    await this.db().insertInto('private_notes').values({
      id: note.id, party_id: note.party, dialogue_id: note.dialogue, author_id: note.author,
      subject: note.subject, text: JSON.stringify(note.text), created_at: note.createdAt,
    }).execute();
  }

  async privateNotes(party: PartyId, dialogue: DialogueId, subject?: string): Promise<PrivateNoteRecord[]> {
    const rows = await this.db().selectFrom('private_notes').selectAll()
      .where('party_id', '=', party).where('dialogue_id', '=', dialogue)
      .$if(subject !== undefined, (q) => q.where('subject', '=', subject ?? ''))
      .orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => ({
      id: row.id, party: row.party_id as PartyId, dialogue: row.dialogue_id as DialogueId, author: row.author_id as MemberId,
      subject: row.subject, text: JSON.parse(row.text) as Record<string, string>, createdAt: row.created_at,
    }));
  }

  /**
   * Optimistic concurrency in one statement each way: version 0 inserts unless the party
   * already has a draft with this id (each party has its own ids); otherwise the update matches only the expected version (and the same party and
   * dialogue), so of two saves with the same expected version exactly one changes a row.
   */
  async saveReadoutDraft(draft: Omit<ReadoutDraftRecord, 'version'>, expectedVersion: number): Promise<number | undefined> {
    if (expectedVersion === 0) {
      const result = await this.db().insertInto('readout_drafts').values({
        id: draft.id, party_id: draft.party, dialogue_id: draft.dialogue, meeting: draft.meeting,
        author_id: draft.author, content: draft.content, version: 1, updated_at: draft.updatedAt,
      }).onConflict((oc) => oc.columns(['party_id', 'id']).doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1 ? 1 : undefined;
    }
    const result = await this.db().updateTable('readout_drafts')
      .set((eb) => ({
        meeting: draft.meeting, author_id: draft.author, content: draft.content, updated_at: draft.updatedAt,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', draft.id).where('party_id', '=', draft.party).where('dialogue_id', '=', draft.dialogue)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? expectedVersion + 1 : undefined;
  }

  async readoutDraft(party: PartyId, id: string): Promise<ReadoutDraftRecord | undefined> {
    const row = await this.db().selectFrom('readout_drafts').selectAll()
      .where('party_id', '=', party).where('id', '=', id).executeTakeFirst();
    return row && draftOf(row);
  }

  /** Least recently saved first. */
  async readoutDrafts(party: PartyId, dialogue: DialogueId): Promise<ReadoutDraftRecord[]> {
    const rows = await this.db().selectFrom('readout_drafts').selectAll()
      .where('party_id', '=', party).where('dialogue_id', '=', dialogue)
      .orderBy('updated_at').orderBy('id').execute();
    return rows.map(draftOf);
  }

  async deleteReadoutDraft(party: PartyId, id: string): Promise<void> {
    await this.db().deleteFrom('readout_drafts').where('party_id', '=', party).where('id', '=', id).execute();
  }

  async escalationLadder(party: PartyId, dialogue: DialogueId): Promise<EscalationLadderRecord | undefined> {
    const row = await this.db().selectFrom('escalation_ladders').selectAll()
      .where('party_id', '=', party).where('dialogue_id', '=', dialogue).executeTakeFirst();
    return row && {
      party, dialogue, rungs: JSON.parse(row.rungs) as EscalationRung[], updatedBy: row.updated_by as MemberId, updatedAt: row.updated_at,
    };
  }

  async putEscalationLadder(ladder: EscalationLadderRecord): Promise<void> {
    const row = {
      party_id: ladder.party, dialogue_id: ladder.dialogue, rungs: JSON.stringify(ladder.rungs),
      updated_by: ladder.updatedBy, updated_at: ladder.updatedAt,
    };
    await this.db().insertInto('escalation_ladders').values(row)
      .onConflict((oc) => oc.columns(['party_id', 'dialogue_id']).doUpdateSet({ rungs: row.rungs, updated_by: row.updated_by, updated_at: row.updated_at }))
      .execute();
  }

  async putPendingEscalation(pending: PendingEscalation): Promise<void> {
    const row = { party_id: pending.party, dialogue_id: pending.dialogue, call_id: pending.call, level: pending.level, due_at: pending.due };
    await this.db().insertInto('escalation_pending').values(row)
      .onConflict((oc) => oc.columns(['party_id', 'dialogue_id', 'call_id']).doUpdateSet({ level: row.level, due_at: row.due_at }))
      .execute();
  }

  async pendingEscalation(party: PartyId, dialogue: DialogueId, call: string): Promise<PendingEscalation | undefined> {
    const row = await this.db().selectFrom('escalation_pending').selectAll()
      .where('party_id', '=', party).where('dialogue_id', '=', dialogue).where('call_id', '=', call).executeTakeFirst();
    return row && pendingOf(row);
  }

  async deletePendingEscalation(party: PartyId, dialogue: DialogueId, call: string): Promise<void> {
    await this.db().deleteFrom('escalation_pending')
      .where('party_id', '=', party).where('dialogue_id', '=', dialogue).where('call_id', '=', call).execute();
  }

  async duePendingEscalations(now: string, options: { limit: number; after?: PendingEscalation | undefined }): Promise<PendingEscalation[]> {
    const after = options.after;
    const rows = await this.db().selectFrom('escalation_pending').selectAll()
      .where('due_at', '<=', now)
      .$if(after !== undefined, (q) => q.where((eb) => eb(
        eb.refTuple('due_at', 'party_id', 'dialogue_id', 'call_id'), '>', eb.tuple(after!.due, after!.party, after!.dialogue, after!.call))))
      .orderBy('due_at').orderBy('party_id').orderBy('dialogue_id').orderBy('call_id')
      .limit(options.limit)
      .execute();
    return rows.map(pendingOf);
  }

  async addEscalationStep(step: EscalationStepRecord): Promise<void> {
    await this.db().insertInto('escalation_steps').values({
      party_id: step.party, dialogue_id: step.dialogue, call_id: step.call, level: step.level,
      rung: JSON.stringify(step.rung), paged: JSON.stringify(step.paged), due_at: step.due, at: step.at,
    }).execute();
  }

  async escalationSteps(party: PartyId, dialogue: DialogueId, call?: string): Promise<EscalationStepRecord[]> {
    const rows = await this.db().selectFrom('escalation_steps').selectAll()
      .where('party_id', '=', party).where('dialogue_id', '=', dialogue)
      .$if(call !== undefined, (q) => q.where('call_id', '=', call ?? ''))
      .orderBy('at').orderBy('call_id').orderBy('level').execute();
    return rows.map((row) => ({
      party, dialogue, call: row.call_id, level: row.level, rung: JSON.parse(row.rung) as EscalationRung,
      paged: JSON.parse(row.paged) as MemberId[], due: row.due_at, at: row.at,
    }));
  }
}

function pendingOf(row: Row<'escalation_pending'>): PendingEscalation {
  return {
    party: row.party_id as PartyId, dialogue: row.dialogue_id as DialogueId, call: row.call_id, level: row.level, due: row.due_at,
  };
}

function tokenOf(row: Row<'api_tokens'>): TokenRecord {
  return {
    id: row.id, member: row.member_id as MemberId, name: row.name, secretHash: row.secret_hash,
    scopes: JSON.parse(row.scopes) as TokenScope[], createdAt: row.created_at,
    revokedAt: row.revoked_at, lastUsedAt: row.last_used_at,
  };
}

function draftOf(row: Row<'readout_drafts'>): ReadoutDraftRecord {
  return {
    id: row.id, party: row.party_id as PartyId, dialogue: row.dialogue_id as DialogueId, meeting: row.meeting,
    author: row.author_id as MemberId, content: row.content, version: row.version, updatedAt: row.updated_at,
  };
}
