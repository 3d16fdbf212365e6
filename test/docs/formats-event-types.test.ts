// docs/formats.md §4 is the specification auditors and other software read the record by: it
// must document every event type a node records. The types come from the code — the dialogue's
// own opening and joining, and the creating and changing types of every aggregate kind in the
// registry — so a type added there without its documentation fails here, by name.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGGREGATE_KINDS } from '../../src/domain/registry.js';
import { DIALOGUE_EVENT_TYPES } from '../../src/domain/rights.js';

const FORMATS = new URL('../../docs/formats.md', import.meta.url);
const TYPE_NAME = /^[a-z][a-z_]*\.[a-z][a-z_]*$/;

/** Every event type the domain can record, sorted. */
function domainEventTypes(): string[] {
  const types = new Set<string>(DIALOGUE_EVENT_TYPES);
  for (const kind of AGGREGATE_KINDS) for (const type of [...kind.creates, ...kind.changes]) types.add(type);
  return [...types].sort();
}

/** The text of §4, from its heading to the next numbered section. */
function section4(markdown: string): string {
  const start = markdown.search(/^## 4 /m);
  const end = markdown.search(/^## 5 /m);
  if (start < 0 || end < start) throw new Error('docs/formats.md has no section 4 followed by section 5');
  return markdown.slice(start, end);
}

/**
 * Types §4 documents: those named in backticks in a `###` heading, or as the first cell of a
 * table row (`| \`type\` | by | body |`). A mention in prose does not count: `meeting.proposed`
 * was named in the text on queries long before it had an entry of its own.
 */
function documentedTypes(section: string): Set<string> {
  const types = new Set<string>();
  for (const line of section.split('\n')) {
    const place = line.startsWith('### ') ? line : line.startsWith('|') ? (line.split('|')[1] ?? '') : '';
    for (const [, name] of place.matchAll(/`([^`]+)`/g)) if (TYPE_NAME.test(name!)) types.add(name!);
  }
  return types;
}

describe('docs/formats.md §4 event types', () => {
  const documented = documentedTypes(section4(readFileSync(FORMATS, 'utf8')));
  const known = domainEventTypes();

  it('given the registry, when the domain event types are collected, then they include those recorded outside the aggregates and the redaction', () => {
    expect(known).toEqual(expect.arrayContaining(['dialogue.opened', 'dialogue.joined', 'message.posted', 'record.redacted', 'record.fork_reported']));
  });

  it('given every event type the domain records, when §4 is read, then each has an entry (a heading or a table row naming it)', () => {
    const missing = known.filter((type) => !documented.has(type));
    expect(missing, `event types without an entry in docs/formats.md §4: ${missing.join(', ')}`).toEqual([]);
  });

  it('given the entries of §4, when compared with the domain, then each names a type the domain records', () => {
    const unknown = [...documented].filter((type) => !known.includes(type)).sort();
    expect(unknown, `entries in docs/formats.md §4 for types the domain does not record: ${unknown.join(', ')}`).toEqual([]);
  });
});
