/**
 * Which actions to offer on an item: the member's roles must allow the action (the server's
 * policy table, via `can`) and the item's state must admit it from the member's party — the
 * same conditions the deciders in src/domain check, so a button shown is a step the server
 * accepts, and the server still decides.
 */
import type { HotlineCall, HotlineLink } from './crisis/model.js';
import type { Incident } from './crisis/incidents.js';
import type { Notice } from './crisis/notices.js';
import type { Commitment, JointStatement, Meeting, Message, WorkingGroup } from './model.js';

type Can = (action: string) => boolean;

export type WorkingGroupAction = 'accept' | 'reject' | 'withdraw' | 'suspend' | 'resume';

export function workingGroupActions(group: WorkingGroup, party: string, can: Can): WorkingGroupAction[] {
  const actions: WorkingGroupAction[] = [];
  const proposed = group.status === 'proposed';
  const running = group.status === 'active' || group.status === 'suspended';
  if (proposed && group.acceptances[party] !== group.proposal && can('working_group.accept')) actions.push('accept');
  if (proposed && group.proposedBy !== party && can('working_group.reject')) actions.push('reject');
  if (proposed && group.proposedBy === party && can('working_group.withdraw')) actions.push('withdraw');
  if (running && !(party in group.suspendedBy) && can('working_group.suspend')) actions.push('suspend');
  if (party in group.suspendedBy && can('working_group.resume')) actions.push('resume');
  return actions;
}

/** Parties whose acceptance of the current proposal is still missing. */
export function awaitingParties(group: WorkingGroup, parties: readonly string[]): string[] {
  return parties.filter((p) => group.acceptances[p] !== group.proposal);
}

export type CommitmentAction = 'commit' | 'deliver' | 'confirm' | 'dispute';

/** By the recorded status: an overdue commitment is still `committed` for the deciders. */
export function commitmentActions(item: Commitment, party: string, can: Can): CommitmentAction[] {
  if (item.party === null) return [];
  const committing = item.party === party;
  const actions: CommitmentAction[] = [];
  if (committing && item.status === 'proposed' && can('commitment.commit')) actions.push('commit');
  if (committing && ['committed', 'disputed'].includes(item.status) && can('commitment.deliver')) actions.push('deliver');
  if (!committing && item.status === 'delivered' && can('commitment.confirm')) actions.push('confirm', 'dispute');
  return actions;
}

export type MeetingAction = 'accept' | 'reschedule' | 'cancel' | 'attendance' | 'conclude';

/** `started`: the meeting's start has passed (attendance and conclusion come after it). */
export function meetingActions(meeting: Meeting, party: string, can: Can, started: boolean): MeetingAction[] {
  const open = meeting.status === 'proposed' || meeting.status === 'scheduled';
  const actions: MeetingAction[] = [];
  if (meeting.status === 'proposed' && meeting.acceptances[party] !== meeting.proposal && can('meeting.accept')) actions.push('accept');
  if (open && meeting.schedule && can('meeting.propose')) actions.push('reschedule');
  if (open && can('meeting.cancel')) actions.push('cancel');
  if (started && ['scheduled', 'held', 'concluded'].includes(meeting.status) && can('meeting.attend')) actions.push('attendance');
  if (started && ['scheduled', 'held'].includes(meeting.status) && can('meeting.conclude')) actions.push('conclude');
  return actions;
}

export type AgendaAction = 'propose' | 'amend' | 'accept' | 'outcome';

export function agendaActions(meeting: Meeting, party: string, can: Can, started: boolean): AgendaAction[] {
  if (meeting.status === 'cancelled') return [];
  const agenda = meeting.agenda;
  const changeable = meeting.status !== 'concluded';
  const outcomes = agenda?.items.some((item) => Object.keys(item.outcomes).length > 0) ?? false;
  const actions: AgendaAction[] = [];
  if (changeable && !agenda && can('agenda.propose')) actions.push('propose');
  if (changeable && agenda && !outcomes && can('agenda.propose')) actions.push('amend');
  if (changeable && agenda && agenda.acceptances[party] !== agenda.proposal && can('agenda.accept')) actions.push('accept');
  if (started && agenda?.isAgreed && meeting.status !== 'proposed' && can('agenda.outcome')) actions.push('outcome');
  return actions;
}

export type StatementAction = 'sign' | 'withdraw';

export function statementActions(statement: JointStatement, party: string, can: Can): StatementAction[] {
  if (statement.status !== 'proposed') return [];
  const actions: StatementAction[] = [];
  if (statement.signatures[party] !== statement.version && can('joint_statement.sign')) actions.push('sign');
  if (statement.proposedBy === party && can('joint_statement.withdraw')) actions.push('withdraw');
  return actions;
}

/** A person of a recipient party acknowledges once for the party. */
export function mayAcknowledge(message: Message, party: string, can: Can): boolean {
  const recipient = message.recipients[party];
  return recipient !== undefined && recipient.acknowledgedAt === null && can('message.acknowledge');
}

export type HotlineCallAction = 'acknowledge' | 'answer' | 'close';

/** The called party acknowledges (once) and answers (once); either side closes. Nothing after closing. */
export function hotlineCallActions(call: HotlineCall, party: string, can: Can): HotlineCallAction[] {
  if (call.closed !== null) return [];
  const called = call.to === party;
  const delivered = call.deliveredAt !== null;
  const actions: HotlineCallAction[] = [];
  if (called && delivered && call.acknowledgedAt === null && can('hotline.acknowledge')) actions.push('acknowledge');
  if (called && delivered && call.answer === null && can('hotline.answer')) actions.push('answer');
  if ((called || call.from === party) && can('hotline.close')) actions.push('close');
  return actions;
}

/** Link tests: start them when none run, stop a running one (either party's duty officers or principals). */
export function mayOpenLink(links: readonly HotlineLink[], can: Can): boolean {
  return !links.some((l) => l.status === 'active') && can('hotline.link');
}

export function mayCloseLink(link: HotlineLink, can: Can): boolean {
  return link.status === 'active' && can('hotline.link');
}

export type NoticeAction = 'acknowledge' | 'amend' | 'cancel';

/** The other parties acknowledge each version once; the notifying party amends (a new version) or cancels. Nothing after cancelling. */
export function noticeActions(notice: Notice, party: string, can: Can): NoticeAction[] {
  if (notice.status === 'cancelled') return [];
  const giver = notice.givenBy === party;
  const actions: NoticeAction[] = [];
  if (!giver && notice.acknowledgements[party] !== notice.version && can('notice.acknowledge')) actions.push('acknowledge');
  if (giver && can('notice.give')) actions.push('amend', 'cancel');
  return actions;
}

export type IncidentAction = 'add_account' | 'revise_account';

/** Each party files one account of an incident and revises only its own. */
export function incidentActions(incident: Incident, party: string, can: Can): IncidentAction[] {
  if (!can('incident.report')) return [];
  return [party in incident.accounts ? 'revise_account' : 'add_account'];
}
