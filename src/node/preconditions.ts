/**
 * Facts one aggregate's command needs about another, checked in the same transaction as the
 * decision — for every caller alike (HTTP, CLI, scenario steps): the working group a meeting
 * or commitment belongs to must be active, a readout is checked against its meeting's agenda,
 * a statement's meeting or working group must exist. Commands whose deadline or lead time
 * comes from the dialogue's terms get the terms in force injected here (deciders do no I/O).
 */
import {
  conflict, notFound,
  type MeetingFacts, type MeetingState, type NoticeState, type ReadoutState, type WorkingGroupState,
} from '../domain/index.js';
import type { DialogueRecord, DialogueTransaction } from './ports.js';
import type { AggregateRecord } from './private-ports.js';
import { termsInForce } from './terms.js';

export async function requireActiveWorkingGroup(tx: DialogueTransaction, dialogue: DialogueRecord, id: string, field = 'workingGroup'): Promise<WorkingGroupState> {
  const group = await tx.aggregates.aggregate<WorkingGroupState>(dialogue.id, 'working_group', id);
  if (!group) throw notFound('working_group_not_found', `no working group ${id} in this dialogue`, field);
  if (group.state.status !== 'active') {
    throw conflict('working_group_not_active', `working group ${id} is ${group.state.status}; it must be active`, field);
  }
  return group.state;
}

export async function requireAggregate(tx: DialogueTransaction, dialogue: DialogueRecord, kind: string, id: string, field: string): Promise<unknown> {
  const record = await tx.aggregates.aggregate(dialogue.id, kind, id);
  if (!record) throw notFound(`${kind}_not_found`, `no ${kind.replace(/_/g, ' ')} ${id} in this dialogue`, field);
  return record.state;
}

async function requireMeetingOf(tx: DialogueTransaction, dialogue: DialogueRecord, id: string, workingGroup: string): Promise<void> {
  const meeting = await requireAggregate(tx, dialogue, 'meeting', id, 'meeting') as MeetingState;
  if (meeting.workingGroup !== workingGroup) {
    throw conflict('meeting_of_other_working_group', `meeting ${id} belongs to working group ${meeting.workingGroup}, not ${workingGroup}`, 'meeting');
  }
}

/** What a readout command needs to know of its meeting and of the readouts already published. */
export async function meetingFacts(tx: DialogueTransaction, dialogue: DialogueRecord, meeting: string): Promise<MeetingFacts> {
  const record = await tx.aggregates.aggregate<MeetingState>(dialogue.id, 'meeting', meeting);
  if (!record) throw notFound('meeting_not_found', `no meeting ${meeting} in this dialogue`, 'meeting');
  const published: Record<string, string> = {};
  for (const r of await tx.aggregates.aggregates<ReadoutState>(dialogue.id, 'readout', { parent: meeting, limit: 500 })) {
    if (r.party) published[r.party] = r.id;
  }
  return { agendaItems: record.state.agenda?.items.length ?? 0, published };
}

type Command = { readonly type: string; readonly [key: string]: unknown };

/** Checks a command against other aggregates and adds the facts its decider needs. */
export async function prepareCommand<C>(kind: string, command: C, tx: DialogueTransaction, dialogue: DialogueRecord, current: AggregateRecord | undefined): Promise<C> {
  const c = command as unknown as Command;
  const key = `${kind}.${c.type}`;
  switch (key) {
    case 'meeting.propose':
      await requireActiveWorkingGroup(tx, dialogue, String(c.workingGroup));
      return command;
    case 'commitment.propose':
      await requireActiveWorkingGroup(tx, dialogue, String(c.workingGroup));
      // A commitment made at a meeting names one of this working group's meetings.
      if (typeof c.meeting === 'string') await requireMeetingOf(tx, dialogue, c.meeting, String(c.workingGroup));
      return command;
    case 'joint_statement.propose':
      if (typeof c.workingGroup === 'string') await requireAggregate(tx, dialogue, 'working_group', c.workingGroup, 'workingGroup');
      if (typeof c.meeting === 'string') await requireAggregate(tx, dialogue, 'meeting', c.meeting, 'meeting');
      return command;
    case 'talk_request.request':
    case 'notice.give':
    case 'notice.amend':
      return { ...c, terms: await termsInForce(tx.aggregates, dialogue.id) } as C;
    case 'query.ask':
      await requireActiveWorkingGroup(tx, dialogue, String(c.workingGroup));
      return { ...c, terms: await termsInForce(tx.aggregates, dialogue.id) } as C;
    case 'query.escalate': {
      // The escalation proposes a meeting only while the working group is active.
      const group = (current?.state as { workingGroup?: string | null } | undefined)?.workingGroup;
      const record = group ? await tx.aggregates.aggregate<WorkingGroupState>(dialogue.id, 'working_group', group) : undefined;
      return { ...c, workingGroupStatus: record?.state.status ?? 'missing' } as C;
    }
    case 'assurance.give': {
      if (typeof c.notice !== 'string') return command;
      const notice = await requireAggregate(tx, dialogue, 'notice', c.notice, 'notice') as NoticeState;
      return { ...c, noticeBy: notice.givenBy } as C;
    }
    case 'meeting.propose_agenda':
    case 'meeting.amend_agenda': {
      // An item may put an incident or a commitment on the agenda: one of this dialogue's.
      const items = Array.isArray(c.items) ? c.items as { incident?: unknown; commitment?: unknown }[] : [];
      for (const [i, item] of items.entries()) {
        if (typeof item?.incident === 'string') await requireAggregate(tx, dialogue, 'incident', item.incident, `items[${i}].incident`);
        if (typeof item?.commitment === 'string') await requireAggregate(tx, dialogue, 'commitment', item.commitment, `items[${i}].commitment`);
      }
      if (c.type === 'propose_agenda' || current === undefined) return command;
      const readouts = await tx.aggregates.aggregates(dialogue.id, 'readout', { parent: current.id, limit: 1 });
      return { ...c, readoutsPublished: readouts.length } as C;
    }
    case 'readout.publish':
      return { ...c, found: await meetingFacts(tx, dialogue, String(c.meeting)) } as C;
    case 'hotline_call.place': {
      // The deadline in force when the call is placed goes into the record with it.
      const terms = await termsInForce(tx.aggregates, dialogue.id);
      const precedence = String(c.precedence) as keyof typeof terms.ackDeadlineSeconds;
      const seconds = terms.ackDeadlineSeconds[precedence];
      return (seconds === undefined ? command : { ...c, ackDeadlineSeconds: seconds }) as C;
    }
    case 'hotline_link.open': {
      const open = await tx.aggregates.aggregates(dialogue.id, 'hotline_link', { status: ['active'], limit: 1 });
      const terms = await termsInForce(tx.aggregates, dialogue.id);
      return { ...c, intervalSeconds: terms.linkTestIntervalSeconds, answerSeconds: terms.linkTestAnswerSeconds, openLink: open[0]?.id ?? null } as C;
    }
    case 'readout.revise':
      return { ...c, found: await meetingFacts(tx, dialogue, String((current?.state as ReadoutState | undefined)?.meeting ?? '')) } as C;
    default:
      return command;
  }
}
