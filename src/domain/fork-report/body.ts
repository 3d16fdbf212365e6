/**
 * The body of a fork report as a node's decider makes it (decide.ts): evidence of one of the
 * two shapes, the source node and the reason, trimmed. The fold keeps only well-typed values
 * whatever arrives; this refuses at the inbox what no node could have written, as for every
 * other kind.
 */
import { bodyChecker, isObject, objectWith, onlyFields, sameShape, type Body } from '../bodies.js';
import { invalid } from '../errors.js';
import type { DialogueContext } from '../recorded.js';
import { checkForkEvidence, checkReason, checkSource, FORK_REPORTED, type ForkEvidence } from './decide.js';

const SHAPES: { readonly [kind: string]: readonly [readonly string[], readonly string[]] } = {
  event: [['kind', 'party', 'seq', 'events'], ['events']],
  checkpoint: [['kind', 'origin', 'sizes', 'roots'], ['sizes', 'roots']],
};

function evidenceAt(value: unknown, dialogue: DialogueContext): void {
  const kind = isObject(value) ? value.kind : undefined;
  const shape = typeof kind === 'string' && Object.hasOwn(SHAPES, kind) ? SHAPES[kind] : undefined;
  if (shape === undefined) throw invalid('evidence_kind_unknown', 'body.evidence.kind', 'event or checkpoint');
  const evidence = objectWith(value, 'body.evidence', shape[0]);
  // The decider reads these as pairs: a list, before it looks inside.
  for (const pair of shape[1]) {
    if (!Array.isArray(evidence[pair])) throw invalid(`${pair}_invalid`, `body.evidence.${pair}`, 'must be a list of two');
  }
  sameShape(evidence, checkForkEvidence(evidence as unknown as ForkEvidence, dialogue, 'body.'), 'body.evidence');
}

function sameText(value: unknown, checked: string, field: string): void {
  if (value !== checked) throw invalid('body_invalid', field, 'is not as this node writes it (trimmed)');
}

export const checkForkReportBody = bodyChecker({
  [FORK_REPORTED]: (body: Body, dialogue: DialogueContext) => {
    onlyFields(body, ['evidence', 'source', 'reason']);
    evidenceAt(body.evidence, dialogue);
    sameText(body.source, checkSource(body.source, 'body.source'), 'body.source');
    sameText(body.reason, checkReason(body.reason, 'body.reason'), 'body.reason');
  },
});
