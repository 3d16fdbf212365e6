/**
 * Readout commands. A party publishes its own account of a meeting once; later changes
 * are revisions of that same readout, so each side has exactly one current account per
 * meeting and the superseded ones stay on the record. The readout aggregate cannot see the
 * meeting or the other readouts, so the node passes what it found (`found`).
 */
import type { DecideContext } from '../aggregate.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { checkId } from '../ids.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import type { DomainEvent, MultilingualText } from '../types.js';
import { canonicalize } from '../../record/index.js';
import type { ReadoutItem, ReadoutState } from './state.js';

export interface ReadoutItemInput {
  /** Index of the agenda item (0-based) in the meeting's agenda. */
  readonly item: number;
  readonly text: MultilingualText;
}

/** What the node looked up before deciding. */
export interface MeetingFacts {
  /** Number of items on the meeting's agenda: item indices must be below it. */
  readonly agendaItems: number;
  /** Party → id of the readout it already published for this meeting. */
  readonly published?: { readonly [party: string]: string };
}

export type ReadoutCommand =
  | { type: 'publish'; meeting: string; items: readonly ReadoutItemInput[]; general?: MultilingualText; found: MeetingFacts }
  | { type: 'revise'; items: readonly ReadoutItemInput[]; general?: MultilingualText; found: MeetingFacts };

const MAX_ITEMS = 200;

/**
 * Checks a readout's content and returns it as it goes on the record (items sorted by index);
 * `at` prefixes the field names (`body.` for a body from another node, checkBody).
 */
export function checkReadoutContent(items: readonly ReadoutItemInput[], general: MultilingualText | undefined, agendaItems: number, at = '') {
  if (items.length > MAX_ITEMS) throw invalid('too_many_items', `${at}items`, `at most ${MAX_ITEMS} items`);
  if (items.length === 0 && general === undefined) throw invalid('readout_empty', `${at}items`, 'say something about at least one agenda item or in general');
  const seen = new Set<number>();
  const checked: ReadoutItem[] = items.map((entry, i) => {
    const index = entry.item;
    if (!Number.isInteger(index) || index < 0) throw invalid('item_index_invalid', `${at}items[${i}].item`, 'must be an agenda item index (an integer from 0)');
    if (index >= agendaItems) throw invalid('item_not_on_agenda', `${at}items[${i}].item`, `the agenda has ${agendaItems} items`);
    if (seen.has(index)) throw invalid('duplicate_item', `${at}items[${i}].item`, `item ${index} is already covered`);
    seen.add(index);
    checkMultilingualText(entry.text, `${at}items[${i}].text`);
    return { item: index, text: { ...entry.text } };
  });
  if (general !== undefined) checkMultilingualText(general, `${at}general`);
  // Sorted by item so equal content always has equal bytes.
  checked.sort((a, b) => a.item - b.item);
  return { items: checked, ...(general !== undefined ? { general: { ...general } } : {}) };
}

export function decideReadout(command: ReadoutCommand, state: ReadoutState | undefined, ctx: DecideContext): DomainEvent[] {
  const party = ctx.actor.party;
  switch (command.type) {
    case 'publish': {
      authorize(ctx.actor, 'readout.publish');
      checkId(command.meeting, 'meeting', 'meeting_missing');
      const existing = command.found.published?.[party];
      if (existing !== undefined) throw conflict('already_published', `your party already published readout ${existing} for this meeting; revise it instead`);
      const content = checkReadoutContent(command.items, command.general, command.found.agendaItems);
      return [{ type: 'readout.published', body: { meeting: command.meeting, ...content } }];
    }
    case 'revise': {
      authorize(ctx.actor, 'readout.publish');
      if (!state) throw notFound('readout_not_found', 'no such readout', 'target');
      if (state.party !== party) throw forbidden('not_author', 'a readout is its party\'s own account: only that party can revise it');
      const content = checkReadoutContent(command.items, command.general, command.found.agendaItems);
      const current = { items: state.items, ...(state.general ? { general: state.general } : {}) };
      if (canonicalize(current) === canonicalize(content)) throw conflict('nothing_changed', 'the revision is identical to the current version');
      return [{ type: 'readout.revised', body: { target: state.id, ...content } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
