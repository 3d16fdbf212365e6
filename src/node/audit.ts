/**
 * A party's audit log, written with the change it records (docs/decisions/0022): `audited`
 * runs the change and appends its entry in one store transaction, so an entry exists exactly
 * when its change committed; a refused or failed change leaves none.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/index.js';
import type { Json } from '../record/index.js';
import type { Clock, Store } from './ports.js';
import type { AuditAction, AuditEntry } from './private-ports.js';

/** One entry a change reports. */
export interface AuditedEntry {
  readonly action: AuditAction;
  readonly target: string;
  readonly detail: AuditEntry['detail'];
}

/** What a change reports for the log. */
export interface AuditedChange<T> {
  readonly result: T;
  /**
   * undefined (or none): the change changed nothing (a PATCH with the values already there),
   * so nothing is logged; several when one change is several (a member added with a password).
   */
  readonly entry: AuditedEntry | readonly AuditedEntry[] | undefined;
}

/**
 * Runs `change` in a store transaction and appends its entry, in `actor`'s name and party's
 * log, to the same transaction. Work that must wait for the commit (dropping caches, ending
 * streams) goes through Store.afterCommit.
 */
export async function audited<T>(deps: { readonly store: Store; readonly clock: Clock }, actor: Actor, change: () => Promise<AuditedChange<T>>): Promise<T> {
  return deps.store.transaction(async () => {
    const { result, entry } = await change();
    const entries: readonly AuditedEntry[] = entry === undefined ? [] : 'action' in entry ? [entry as AuditedEntry] : entry as readonly AuditedEntry[];
    for (const one of entries) {
      await deps.store.privates.appendAudit({ id: randomUUID(), party: actor.party, actor: actor.member, ...one, at: deps.clock.now().toISOString() });
    }
    return result;
  });
}

/**
 * The fields of `before` and `after` that differ, each as `{ before, after }` (compared as
 * JSON): the detail of an entry for an edit. Empty when nothing changed.
 */
export function changedFields<T extends { readonly [K in F]: Json }, F extends keyof T & string>(
  before: T, after: T, fields: readonly F[],
): { [key: string]: { before: Json; after: Json } } {
  const changed: { [key: string]: { before: Json; after: Json } } = {};
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changed[field] = { before: before[field], after: after[field] };
  }
  return changed;
}
