/** How joint-statement events change the state. Pure; replay rebuilds the same state. */
import { isAgreed } from '../agreement.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import type { JointStatementState, StatementVersion } from './state.js';

type Body = { [key: string]: unknown };

function versionOf(event: RecordedEvent): StatementVersion {
  const body = (event.body ?? {}) as Body;
  return {
    id: event.id, party: event.party, at: event.time,
    text: event.body === undefined ? null : (body.text as StatementVersion['text']),
    authentic: Array.isArray(body.authentic) ? (body.authentic as string[]) : [],
  };
}

export function evolveJointStatement(state: JointStatementState | undefined, event: RecordedEvent, dialogue: DialogueContext): JointStatementState {
  const body = (event.body ?? {}) as Body;
  if (event.type === 'joint_statement.proposed') {
    return {
      id: event.id, status: 'proposed', proposedBy: event.party, proposedAt: event.time,
      meeting: typeof body.meeting === 'string' ? body.meeting : null,
      workingGroup: typeof body.workingGroup === 'string' ? body.workingGroup : null,
      version: event.id, versions: [versionOf(event)], signatures: {}, signers: {},
      agreedAt: null, withdrawn: null, lastActivityAt: event.time,
    };
  }
  if (!state) return state as unknown as JointStatementState; // an event for an unknown statement changes nothing
  const next: JointStatementState = { ...state, lastActivityAt: event.time };
  switch (event.type) {
    case 'joint_statement.revised':
      if (state.status !== 'proposed') return next;
      next.version = event.id;
      next.versions = [...state.versions, versionOf(event)];
      return next;
    case 'joint_statement.signed': {
      if (state.status !== 'proposed') return next;
      const version = String(body.version);
      next.signatures = { ...state.signatures, [event.party]: version };
      next.signers = { ...state.signers, [event.party]: { member: event.member, at: event.time, version } };
      if (isAgreed(next.signatures, state.version, dialogue.parties)) {
        next.status = 'agreed';
        next.agreedAt = event.time;
      }
      return next;
    }
    case 'joint_statement.withdrawn':
      if (state.status !== 'proposed') return next;
      next.status = 'withdrawn';
      next.withdrawn = { party: event.party, at: event.time, reason: typeof body.reason === 'string' ? body.reason : null };
      return next;
    default:
      return next;
  }
}
