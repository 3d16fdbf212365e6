/**
 * The floor of a dialogue (SPEC.md §5) at the node's clock: the projected states of the kinds
 * the indicators need, read page by page from the aggregates table (indexed by dialogue and
 * kind), and the rules in force (the agreed terms' `floor` over the defaults). Messages are
 * not read one by one: only the latest per working group, by one grouped query. Nothing
 * here replays the log, so the cost grows with the number of aggregates of these kinds, not
 * with the length of the record.
 */
import {
  computeFloor, floorRulesOf,
  type CommitmentState, type ContextEventState, type FloorReport, type HotlineCallState, type HotlineLinkState,
  type IncidentState, type MeetingState, type NoticeState, type WorkingGroupState,
} from '../domain/index.js';
import { allAggregates } from './aggregate-pages.js';
import type { DialogueRecord, Store } from './ports.js';
import { termsInForce } from './terms.js';

export async function dialogueFloor(store: Pick<Store, 'aggregates' | 'latestDateByParent'>, dialogue: DialogueRecord, now: Date): Promise<FloorReport> {
  const states = async <S>(kind: string): Promise<S[]> => (await allAggregates<S>(store.aggregates, dialogue.id, kind)).map((r) => r.state);
  const terms = await termsInForce(store.aggregates, dialogue.id);
  return computeFloor({
    parties: dialogue.parties,
    now,
    rules: floorRulesOf(terms.floor),
    workingGroups: await states<WorkingGroupState>('working_group'),
    meetings: await states<MeetingState>('meeting'),
    commitments: await states<CommitmentState>('commitment'),
    calls: await states<HotlineCallState>('hotline_call'),
    links: await states<HotlineLinkState>('hotline_link'),
    notices: await states<NoticeState>('notice'),
    incidents: await states<IncidentState>('incident'),
    contextEvents: await states<ContextEventState>('context_event'),
    lastMessageAt: await store.latestDateByParent(dialogue.id, 'message'),
  });
}
