/**
 * Joint-statement commands. Any party may propose a text or a revised one (a counter-draft
 * is a revision); a principal signs the version by id; a revision is a new id, so earlier
 * signatures stop counting and everyone signs again. Once agreed, the text is fixed: a new
 * statement is a new proposal.
 */
import { awaiting } from '../agreement.js';
import type { DecideContext } from '../aggregate.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { optionalReference } from '../ids.js';
import { reasonText } from '../reasons.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import type { DomainEvent, MultilingualText } from '../types.js';
import { canonicalize } from '../../record/index.js';
import type { JointStatementState } from './state.js';

export type JointStatementCommand =
  | { type: 'propose'; text: MultilingualText; authentic?: readonly string[]; meeting?: string; workingGroup?: string }
  | { type: 'revise'; text: MultilingualText; authentic?: readonly string[] }
  | { type: 'sign'; version: string }
  | { type: 'withdraw'; reason?: string };

/** A version as recorded; `prefix` goes before field names in errors (`body.` when checking a body). */
export function checkText(text: MultilingualText, authentic: readonly string[] | undefined, prefix = '') {
  checkMultilingualText(text, `${prefix}text`);
  const langs = [...new Set(authentic ?? [])].sort();
  for (const lang of langs) {
    if (!Object.hasOwn(text, lang)) throw invalid('authentic_language_missing', `${prefix}authentic`, `names ${lang}, which has no version in text`);
  }
  return { text: { ...text }, ...(langs.length > 0 ? { authentic: langs } : {}) };
}


export function decideJointStatement(command: JointStatementCommand, state: JointStatementState | undefined, ctx: DecideContext): DomainEvent[] {
  const party = ctx.actor.party;
  if (command.type === 'propose') {
    authorize(ctx.actor, 'joint_statement.propose');
    const content = checkText(command.text, command.authentic);
    return [{ type: 'joint_statement.proposed', body: { ...content, ...optionalReference(command.meeting, 'meeting'), ...optionalReference(command.workingGroup, 'workingGroup') } }];
  }
  if (!state) throw notFound('joint_statement_not_found', 'no such joint statement', 'target');
  const target = state.id;
  const need = (ok: boolean, code: string, message: string): void => {
    if (!ok) throw conflict(code, message);
  };
  const open = () => need(state.status === 'proposed', 'not_proposed', `the joint statement is ${state.status}`);
  switch (command.type) {
    case 'revise': {
      authorize(ctx.actor, 'joint_statement.propose');
      open();
      const content = checkText(command.text, command.authentic);
      const current = state.versions[state.versions.length - 1]!;
      need(canonicalize({ text: current.text, authentic: current.authentic }) !== canonicalize({ text: content.text, authentic: content.authentic ?? [] }),
        'nothing_changed', 'the revision is identical to the current version');
      return [{ type: 'joint_statement.revised', body: { target, ...content } }];
    }
    case 'sign':
      authorize(ctx.actor, 'joint_statement.sign');
      open();
      need(command.version === state.version, 'stale_version', `the version to sign is ${state.version}`);
      need(awaiting(state.signatures, state.version, ctx.dialogue.parties).includes(party), 'already_signed', 'your party has already signed this version');
      return [{ type: 'joint_statement.signed', body: { target, version: state.version } }];
    case 'withdraw': {
      authorize(ctx.actor, 'joint_statement.withdraw');
      // Whose statement it is, before its state: another party learns nothing from trying.
      if (state.proposedBy !== party) throw forbidden('not_proposer', 'only the proposing party can withdraw the statement; propose a revision instead');
      open();
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'joint_statement.withdrawn', body: { target, ...(reason ? { reason } : {}) } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
