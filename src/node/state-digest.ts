/**
 * The state digest of a dialogue (docs/decisions/0013-federation.md): two nodes that hold
 * the same events have the same digest, whatever order they received them in.
 *
 * digest = lowercase hex SHA-256 of the canonical JSON (RFC 8785) of
 *   { "aggregates": [[kind, id, state], …] sorted by (kind, id), "events": [event id, …] sorted }
 * Strings sort by UTF-16 code units (JCS's order), never by a database collation. Log
 * indexes, versions and update times are node-local and left out.
 */
import { createHash } from 'node:crypto';
import { canonicalize, type DialogueId } from '../record/index.js';

export interface StateDigest {
  readonly dialogue: DialogueId;
  /** Lowercase hex SHA-256. */
  readonly digest: string;
  readonly events: number;
  readonly aggregates: number;
}

/** One aggregate as stored: `state` is the canonical JSON text of its state. */
export interface DigestAggregate {
  readonly kind: string;
  readonly id: string;
  readonly state: string;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Hashes the digest input without building it as one string. `state` must already be
 * canonical JSON text (the store keeps it so); the result equals the SHA-256 of
 * canonicalize({ aggregates, events }) with the states parsed.
 */
export function stateDigestOf(dialogue: DialogueId, aggregates: readonly DigestAggregate[], eventIds: readonly string[]): StateDigest {
  const sorted = [...aggregates].sort((a, b) => byCodeUnits(a.kind, b.kind) || byCodeUnits(a.id, b.id));
  const ids = [...eventIds].sort(byCodeUnits);
  const hash = createHash('sha256');
  hash.update('{"aggregates":[');
  sorted.forEach((aggregate, i) => {
    hash.update(`${i === 0 ? '' : ','}[${canonicalize(aggregate.kind)},${canonicalize(aggregate.id)},${aggregate.state}]`);
  });
  hash.update('],"events":[');
  ids.forEach((id, i) => hash.update(`${i === 0 ? '' : ','}${canonicalize(id)}`));
  hash.update(']}');
  return { dialogue, digest: hash.digest('hex'), events: ids.length, aggregates: sorted.length };
}
