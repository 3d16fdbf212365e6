/**
 * Reporting a fork on the record. A node records it in the name of a party it hosts, with no
 * member (`nodeActor`): it follows from verification, not from anyone's decision, so no role
 * is checked; any party of the dialogue may report (domain/rights.ts lets it through ingest).
 * The report only names the evidence, so it is checked for shape, not re-proved here.
 */
import type { JsonObject } from '../../record/index.js';
import type { DecideContext } from '../aggregate.js';
import type { DialogueContext } from '../recorded.js';
import { conflict, forbidden, invalid } from '../errors.js';
import type { DomainEvent } from '../types.js';
import type { ForkReportState } from './state.js';

export const FORK_REPORTED = 'record.fork_reported';
const MAX_REASON = 2_000;
const MAX_NAME = 300;
const EVENT_ID = /^[0-9a-f]{64}$/;
const ROOT = /^[A-Za-z0-9+/]{43}=$/;

export type ForkEvidence =
  | { readonly kind: 'event'; readonly party: string; readonly seq: number; readonly events: readonly [string, string] }
  | { readonly kind: 'checkpoint'; readonly origin: string; readonly sizes: readonly [number, number]; readonly roots: readonly [string, string] };

export type ForkReportCommand = {
  type: 'report';
  evidence: ForkEvidence;
  /** The node the contradicting event or checkpoint came from. */
  source: string;
  reason: string;
};

const isSize = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** The node the contradiction came from, trimmed, 1–MAX_NAME long. */
export function checkSource(value: unknown, field: string): string {
  const source = typeof value === 'string' ? value.trim() : '';
  if (source === '' || source.length > MAX_NAME) throw invalid('source_invalid', field, 'the name of the node the contradiction came from');
  return source;
}

/** What contradicts what, trimmed, 1–MAX_REASON long. */
export function checkReason(value: unknown, field: string): string {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason === '') throw invalid('reason_missing', field, 'say what contradicts what');
  if (reason.length > MAX_REASON) throw invalid('reason_too_long', field, `at most ${MAX_REASON} characters`);
  return reason;
}

/** The evidence as a report records it, checked for shape against `dialogue` (not re-proved). */
export function checkForkEvidence(evidence: ForkEvidence, dialogue: DialogueContext, prefix = ''): JsonObject {
  switch (evidence.kind) {
    case 'event': {
      if (!dialogue.parties.includes(evidence.party as never)) {
        throw invalid('party_not_in_dialogue', `${prefix}evidence.party`, `${evidence.party} is not a party to ${dialogue.id}`);
      }
      if (!isSize(evidence.seq) || evidence.seq < 1) throw invalid('seq_invalid', `${prefix}evidence.seq`, 'a sequence number is an integer from 1');
      const [kept, other] = evidence.events;
      if (!EVENT_ID.test(kept ?? '') || !EVENT_ID.test(other ?? '') || kept === other || evidence.events.length !== 2) {
        throw invalid('events_invalid', `${prefix}evidence.events`, 'two different event ids (64 lowercase hex): the one kept, the other');
      }
      return { kind: 'event', party: evidence.party, seq: evidence.seq, events: [kept, other] };
    }
    case 'checkpoint': {
      if (typeof evidence.origin !== 'string' || evidence.origin.length === 0 || evidence.origin.length > MAX_NAME || !evidence.origin.endsWith(`/${dialogue.id}`)) {
        throw invalid('origin_invalid', `${prefix}evidence.origin`, `the origin of a log of this dialogue: <node name>/${dialogue.id}`);
      }
      if (evidence.sizes.length !== 2 || !evidence.sizes.every(isSize)) throw invalid('sizes_invalid', `${prefix}evidence.sizes`, 'two tree sizes: the cosigned one, the offered one');
      if (evidence.roots.length !== 2 || !evidence.roots.every((r) => ROOT.test(r))) {
        throw invalid('roots_invalid', `${prefix}evidence.roots`, 'two base64 SHA-256 roots: the cosigned one, the offered one');
      }
      return { kind: 'checkpoint', origin: evidence.origin, sizes: [...evidence.sizes], roots: [...evidence.roots] };
    }
    default: {
      const never: never = evidence;
      throw invalid('evidence_kind_unknown', `${prefix}evidence.kind`, `unknown evidence ${JSON.stringify(never)}: event or checkpoint`);
    }
  }
}

export function decideForkReport(command: ForkReportCommand, state: ForkReportState | undefined, ctx: DecideContext): DomainEvent[] {
  if (!ctx.dialogue.parties.includes(ctx.actor.party)) {
    throw forbidden('party_not_in_dialogue', `party ${ctx.actor.party} is not a party to ${ctx.dialogue.id}`);
  }
  if (state) throw conflict('already_recorded', 'this fork report is already on the record');
  const evidence = checkForkEvidence(command.evidence, ctx.dialogue);
  return [{ type: FORK_REPORTED, body: { evidence, source: checkSource(command.source, 'source'), reason: checkReason(command.reason, 'reason') } }];
}
