/**
 * The bodies of readout events as this node's decider makes them (decide.ts,
 * `checkReadoutContent`), so a readout from another node that no decider could have written is
 * refused at the inbox instead of reaching the side-by-side comparison (items that are not a
 * list, an item's text that is not text, the same agenda item twice).
 *
 * Whether an item is on the meeting's agenda depends on another aggregate (the agenda may
 * have changed here or not yet arrived), so item indices are checked to be indices only.
 */
import { bodyChecker, changingBody, objectAt, onlyFields, textAt, type Body } from '../bodies.js';
import { invalid } from '../errors.js';
import { checkId } from '../ids.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import type { MultilingualText } from '../types.js';
import { checkReadoutContent, type ReadoutItemInput } from './decide.js';

/** `items` (sorted by item) and optional `general`, as `checkReadoutContent` returns them. */
function content(body: Body): void {
  if (!Array.isArray(body.items)) throw invalid('items_invalid', 'body.items', 'must be a list of { item, text }');
  body.items.forEach((entry: unknown, i) => {
    const at = `body.items[${i}]`;
    const item = objectAt(entry, at, 'item_invalid', 'must be { item, text }');
    onlyFields(item, ['item', 'text'], at);
    textAt(item.text, `${at}.text`);
  });
  if (body.general !== undefined) textAt(body.general, 'body.general');
  const items = body.items as ReadoutItemInput[];
  const checked = checkReadoutContent(items, body.general as MultilingualText | undefined, Infinity, 'body.');
  const unsorted = checked.items.findIndex((entry, i) => entry.item !== items[i]!.item);
  if (unsorted !== -1) throw invalid('items_unsorted', `body.items[${unsorted}].item`, 'items are sorted by agenda index');
}

const check = bodyChecker({
  'readout.published': (body) => {
    onlyFields(body, ['meeting', 'items', 'general']);
    checkId(body.meeting, 'body.meeting', 'meeting_missing');
    content(body);
  },
  'readout.revised': (body) => {
    changingBody(body, ['items', 'general']);
    content(body);
  },
});

/** Throws a DomainError naming the field unless a readout decider could have written the body. */
export function checkReadoutBody(event: RecordedEvent, dialogue: DialogueContext): void {
  check(event, dialogue);
}
