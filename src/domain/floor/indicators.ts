/**
 * The floor (SPEC.md §5): is the relationship's communication working? Computed from the
 * projected states of the dialogue's aggregates at one instant — never from the log — so it
 * costs one read of each kind's rows however long the record is. Pure: the caller reads the
 * states and the clock.
 *
 * Definitions (each a choice the dashboard shows as such):
 * - Last contact of a working group: the latest of its activation or resumption, a meeting
 *   of it that has started (held or concluded), and a message posted in it.
 * - An agenda item's outcome: the one every party that recorded one agrees on; when parties
 *   differ it is `disputed`; goals achieved (%) = achieved items / items with an outcome.
 * - A commitment is delivered on time when its latest delivery is dated at or before its due date.
 * - A hotline call's acknowledgement time runs from delivery to acknowledgement; it counts
 *   for the called party. Unanswered past deadline: acknowledged late, or not at all once due.
 */
import { dialogueAvailability, AVAILABILITY_WINDOWS, type WindowAvailability } from '../hotline-link/availability.js';
import type { HotlineLinkState } from '../hotline-link/state.js';
import type { HotlineCallState } from '../hotline/state.js';
import type { CommitmentState, CommitmentStatusAt } from '../commitment/state.js';
import { isDeliveredOnTime, statusAt } from '../commitment/state.js';
import type { ContextEventState } from '../context/state.js';
import { INCIDENT_DOMAINS, type IncidentState } from '../incident/state.js';
import { incidentSummary } from '../incident/summary.js';
import type { MeetingState, Outcome } from '../meeting/state.js';
import { noticeCompliance } from '../notice/compliance.js';
import type { NoticeState } from '../notice/state.js';
import type { WorkingGroupState } from '../working-group/state.js';
import type { FloorRuleId, FloorRules } from './rules.js';

const DAY_MS = 86_400_000;
/** The timeline shows the latest entries; decades of meetings and incidents would make it unreadable (and heavy). */
export const TIMELINE_LIMIT = 200;
type Text = { [lang: string]: string };

export interface FloorInput {
  readonly parties: readonly string[];
  readonly now: Date;
  readonly rules: FloorRules;
  readonly workingGroups: readonly WorkingGroupState[];
  readonly meetings: readonly MeetingState[];
  readonly commitments: readonly CommitmentState[];
  readonly calls: readonly HotlineCallState[];
  readonly links: readonly HotlineLinkState[];
  readonly notices: readonly NoticeState[];
  readonly incidents: readonly IncidentState[];
  readonly contextEvents: readonly ContextEventState[];
  /** Working group id → time of the latest message posted in it. */
  readonly lastMessageAt: ReadonlyMap<string, string>;
}

export interface GroupChannel {
  readonly id: string;
  readonly title: Text | null;
  readonly status: string;
  readonly isProtected: boolean;
  readonly lastContactAt: string | null;
  /** Whole days since the last contact; null when there was none. */
  readonly daysSinceContact: number | null;
}

export type ItemOutcome = Outcome | 'disputed' | 'unrecorded';
export type OutcomeCounts = Record<ItemOutcome, number>;

export interface MeetingOutcomes {
  readonly id: string;
  readonly workingGroup: string | null;
  readonly start: string | null;
  readonly status: string;
  readonly items: number;
  readonly outcomes: OutcomeCounts;
  /** Commitments proposed at this meeting (withdrawn ones excepted). */
  readonly commitments: number;
}

export interface PartyHotline {
  readonly party: string;
  /** Calls this party received. */
  readonly received: number;
  readonly acknowledged: number;
  readonly ackMedianSeconds: number | null;
  readonly ackP90Seconds: number | null;
  readonly unansweredPastDeadline: number;
}

export interface NoticeRow { readonly party: string; readonly type: string; readonly onTime: number; readonly late: number; readonly voluntary: number }
export interface IncidentMonth { readonly month: string; readonly domain: string; readonly count: number }

export const TIMELINE_TYPES = ['context', 'suspended', 'resumed', 'meeting', 'incident'] as const;
export interface TimelineEntry {
  readonly at: string;
  readonly type: (typeof TIMELINE_TYPES)[number];
  /** The aggregate (context event, working group, meeting, incident). */
  readonly id: string;
  readonly party: string | null;
  readonly title: Text | null;
  /** The working group a suspension, resumption or meeting belongs to. */
  readonly workingGroup: string | null;
  /** A suspension's reason, a context event's category, an incident's domain. */
  readonly detail: string | null;
}

export interface FloorAlert {
  readonly rule: FloorRuleId;
  /** What breached it: a working group, a call, a link direction (`from→to`). */
  readonly subject: string;
  readonly at: string;
  /** True while the breach lasts; false for a past breach kept on the record. */
  readonly isActive: boolean;
  /** The measured value (days, seconds, percent) against the rule's threshold. */
  readonly value: number | null;
  readonly threshold: number;
}

export interface FloorRuleStatus {
  readonly rule: FloorRuleId;
  readonly threshold: number;
  /** `breached` while any alert is active; `no_data` when there is nothing to judge. */
  readonly status: 'met' | 'breached' | 'no_data';
  readonly alerts: FloorAlert[];
}

export interface FloorReport {
  readonly at: string;
  readonly channels: {
    readonly counts: { readonly active: number; readonly suspended: number; readonly proposed: number; readonly closed: number };
    readonly groups: GroupChannel[];
  };
  readonly outcomes: {
    readonly goals: OutcomeCounts & { readonly total: number; readonly achievedPercent: number | null };
    readonly commitments: {
      readonly byStatus: Readonly<Record<CommitmentStatusAt, number>>;
      readonly delivered: number;
      readonly deliveredOnTime: number;
      readonly onTimePercent: number | null;
      readonly confirmed: number;
      readonly disputed: number;
      readonly overdue: number;
    };
    readonly meetings: MeetingOutcomes[];
  };
  readonly hotline: {
    readonly parties: PartyHotline[];
    readonly unansweredPastDeadline: number;
    readonly availability: WindowAvailability[];
  };
  readonly notices: NoticeRow[];
  readonly incidents: IncidentMonth[];
  /** The latest TIMELINE_LIMIT entries, oldest first. */
  readonly timeline: TimelineEntry[];
  /** Entries on the record, shown or not. */
  readonly timelineTotal: number;
  readonly rules: FloorRuleStatus[];
  /** The rules in force. */
  readonly ruleSettings: FloorRules;
}

export function computeFloor(input: FloorInput): FloorReport {
  const meetings = meetingOutcomes(input);
  const availability = AVAILABILITY_WINDOWS.map((days) => dialogueAvailability(input.links, input.parties, input.now, days));
  const groups = groupChannels(input);
  return {
    at: input.now.toISOString(),
    channels: { counts: groupCounts(input.workingGroups), groups },
    outcomes: { goals: goals(meetings), commitments: commitmentIndicators(input.commitments, input.now), meetings },
    hotline: {
      parties: input.parties.map((party) => partyHotline(party, input.calls, input.now)),
      unansweredPastDeadline: input.calls.filter((c) => isUnansweredPastDeadline(c, input.now)).length,
      availability,
    },
    notices: noticeRows(input.notices),
    incidents: incidentMonths(input.incidents),
    ...latestTimeline(timeline(input)),
    rules: [
      linkRule(input),
      silentGroupRule(groups, input.rules),
      flashRule(input.calls, input.now, input.rules),
      protectedRule(input.workingGroups, input.rules),
    ],
    ruleSettings: input.rules,
  };
}

function groupCounts(groups: readonly WorkingGroupState[]) {
  const count = (status: string) => groups.filter((g) => g.status === status).length;
  return { active: count('active'), suspended: count('suspended'), proposed: count('proposed'), closed: count('closed') };
}

/** Groups that are or were agreed, or still proposed (not rejected or withdrawn proposals). */
function groupChannels(input: FloorInput): GroupChannel[] {
  const meetingStarts = new Map<string, string>();
  for (const meeting of input.meetings) {
    const start = meeting.schedule?.start;
    if (!meeting.workingGroup || !start || (meeting.status !== 'held' && meeting.status !== 'concluded')) continue;
    if (Date.parse(start) > input.now.getTime()) continue;
    const known = meetingStarts.get(meeting.workingGroup);
    if (!known || known < start) meetingStarts.set(meeting.workingGroup, start);
  }
  return input.workingGroups
    .filter((g) => ['active', 'suspended', 'proposed', 'closed'].includes(g.status))
    .map((g) => {
      const opened = g.history.filter((h) => h.type === 'working_group.accepted' || h.type === 'working_group.resumed').map((h) => h.at);
      const candidates = [...(g.status === 'proposed' ? [] : opened), meetingStarts.get(g.id), input.lastMessageAt.get(g.id)]
        .filter((at): at is string => typeof at === 'string');
      const last = latest(candidates);
      return {
        id: g.id, title: g.mandate?.title ?? null, status: g.status, isProtected: g.mandate?.protected === true,
        lastContactAt: last,
        daysSinceContact: last === null ? null : Math.max(0, Math.floor((input.now.getTime() - Date.parse(last)) / DAY_MS)),
      };
    });
}

function latest(times: readonly string[]): string | null {
  let best: string | null = null;
  for (const at of times) if (best === null || Date.parse(at) > Date.parse(best)) best = at;
  return best;
}

const emptyOutcomes = (): OutcomeCounts => ({ achieved: 0, partly: 0, not_achieved: 0, deferred: 0, disputed: 0, unrecorded: 0 });

/** Meetings that took place (held or concluded), in time order, with their items' outcomes. */
function meetingOutcomes(input: FloorInput): MeetingOutcomes[] {
  const commitmentsPer = new Map<string, number>();
  for (const c of input.commitments) {
    if (c.meeting && c.status !== 'withdrawn') commitmentsPer.set(c.meeting, (commitmentsPer.get(c.meeting) ?? 0) + 1);
  }
  return input.meetings
    .filter((m) => m.status === 'held' || m.status === 'concluded')
    .map((m) => {
      const outcomes = emptyOutcomes();
      const items = m.agenda?.isAgreed ? m.agenda.items : [];
      for (const item of items) {
        const recorded = Object.values(item.outcomes);
        outcomes[item.disputed ? 'disputed' : recorded[0] ?? 'unrecorded'] += 1;
      }
      return {
        id: m.id, workingGroup: m.workingGroup, start: m.schedule?.start ?? null, status: m.status,
        items: items.length, outcomes, commitments: commitmentsPer.get(m.id) ?? 0,
      };
    })
    .sort((a, b) => (a.start ?? '').localeCompare(b.start ?? '') || a.id.localeCompare(b.id));
}

function goals(meetings: readonly MeetingOutcomes[]) {
  const sum = emptyOutcomes();
  let total = 0;
  for (const m of meetings) {
    total += m.items;
    for (const key of Object.keys(sum) as ItemOutcome[]) sum[key] += m.outcomes[key];
  }
  const assessed = total - sum.unrecorded;
  return { ...sum, total, achievedPercent: assessed === 0 ? null : percent(sum.achieved, assessed) };
}

function percent(part: number, whole: number): number {
  return Math.round((1000 * part) / whole) / 10;
}

function commitmentIndicators(commitments: readonly CommitmentState[], now: Date) {
  const byStatus: Record<CommitmentStatusAt, number> = {
    proposed: 0, committed: 0, overdue: 0, delivered: 0, confirmed: 0, disputed: 0, withdrawn: 0,
  };
  let delivered = 0;
  let onTime = 0;
  for (const c of commitments) {
    byStatus[statusAt(c, now)] += 1;
    if (c.status === 'withdrawn' || c.deliveredAt === null) continue;
    delivered += 1;
    if (isDeliveredOnTime(c)) onTime += 1;
  }
  return {
    byStatus, delivered, deliveredOnTime: onTime, onTimePercent: delivered === 0 ? null : percent(onTime, delivered),
    confirmed: byStatus.confirmed, disputed: byStatus.disputed, overdue: byStatus.overdue,
  };
}

/** Past its acknowledgement deadline without a timely acknowledgement (late, or none yet once due). */
function isUnansweredPastDeadline(call: HotlineCallState, now: Date): boolean {
  if (call.isAckLate) return true;
  return call.acknowledgedAt === null && call.closed === null && call.ackDueAt !== null && now.getTime() > Date.parse(call.ackDueAt);
}

function partyHotline(party: string, calls: readonly HotlineCallState[], now: Date): PartyHotline {
  const received = calls.filter((c) => c.to === party);
  const latencies = received.flatMap((c) => (c.ackLatencyMs === null ? [] : [c.ackLatencyMs / 1000])).sort((a, b) => a - b);
  return {
    party, received: received.length, acknowledged: latencies.length,
    ackMedianSeconds: quantile(latencies, 0.5), ackP90Seconds: quantile(latencies, 0.9),
    unansweredPastDeadline: received.filter((c) => isUnansweredPastDeadline(c, now)).length,
  };
}

/** Nearest-rank quantile of sorted values (a value that occurred); null for none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function noticeRows(notices: readonly NoticeState[]): NoticeRow[] {
  return Object.entries(noticeCompliance(notices)).flatMap(([party, byType]) =>
    Object.entries(byType).map(([type, counts]) => ({ party, type, ...counts })))
    .sort((a, b) => a.party.localeCompare(b.party) || a.type.localeCompare(b.type));
}

/** Per month and domain, by the first reporter's account (incidentSummary); months in order. */
function incidentMonths(incidents: readonly IncidentState[]): IncidentMonth[] {
  return Object.entries(incidentSummary(incidents).months)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([month, counts]) => INCIDENT_DOMAINS.filter((domain) => counts[domain] > 0).map((domain) => ({ month, domain, count: counts[domain] })));
}

function timeline(input: FloorInput): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const c of input.contextEvents) {
    entries.push({
      at: c.fields?.date ?? c.recordedAt, type: 'context', id: c.id, party: c.recordedBy, title: c.fields?.title ?? null,
      workingGroup: null, detail: c.fields?.category ?? null,
    });
  }
  for (const g of input.workingGroups) {
    for (const h of g.history) {
      if (h.type !== 'working_group.suspended' && h.type !== 'working_group.resumed') continue;
      entries.push({
        at: h.at, type: h.type === 'working_group.suspended' ? 'suspended' : 'resumed', id: g.id, party: h.party,
        title: g.mandate?.title ?? null, workingGroup: g.id, detail: h.reason ?? null,
      });
    }
  }
  for (const m of input.meetings) {
    if (!m.schedule || m.status === 'cancelled' || m.status === 'proposed') continue;
    entries.push({ at: m.schedule.start, type: 'meeting', id: m.id, party: null, title: null, workingGroup: m.workingGroup, detail: m.status });
  }
  for (const i of input.incidents) {
    const account = i.accounts[i.reportedBy]?.account ?? null;
    entries.push({
      at: account?.time ?? i.reportedAt, type: 'incident', id: i.id, party: i.reportedBy, title: account?.narrative ?? null,
      workingGroup: null, detail: account?.domain ?? null,
    });
  }
  return entries.sort((a, b) => instant(a.at) - instant(b.at) || a.id.localeCompare(b.id));
}

function latestTimeline(entries: TimelineEntry[]): { timeline: TimelineEntry[]; timelineTotal: number } {
  return { timeline: entries.slice(-TIMELINE_LIMIT), timelineTotal: entries.length };
}

/** A full date (2026-03-01) is its UTC midnight. */
function instant(at: string): number {
  return Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at);
}

function ruleStatus(rule: FloorRuleId, threshold: number, alerts: FloorAlert[], hasData: boolean): FloorRuleStatus {
  const status = alerts.some((a) => a.isActive) ? 'breached' : hasData ? 'met' : 'no_data';
  return { rule, threshold, status, alerts };
}

/** Each direction whose availability over the rule's window is under the threshold. */
function linkRule(input: FloorInput): FloorRuleStatus {
  const { linkAvailabilityMinPercent: min, linkAvailabilityDays: days } = input.rules;
  const window = dialogueAvailability(input.links, input.parties, input.now, days);
  const alerts: FloorAlert[] = [];
  for (const d of window.directions) {
    if (d.availability === null || d.availability * 100 >= min) continue;
    alerts.push({
      rule: 'link_availability', subject: `${d.from}→${d.to}`, at: input.now.toISOString(), isActive: true,
      value: percent(d.answered, d.scheduled), threshold: min,
    });
  }
  return ruleStatus('link_availability', min, alerts, window.directions.some((d) => d.scheduled > 0));
}

function silentGroupRule(groups: readonly GroupChannel[], rules: FloorRules): FloorRuleStatus {
  const max = rules.silentGroupMaxDays;
  const active = groups.filter((g) => g.status === 'active');
  const alerts = active
    .filter((g) => g.lastContactAt !== null && (g.daysSinceContact ?? 0) > max)
    .map((g): FloorAlert => ({
      rule: 'silent_group', subject: g.id, at: new Date(Date.parse(g.lastContactAt!) + max * DAY_MS).toISOString(),
      isActive: true, value: g.daysSinceContact, threshold: max,
    }));
  return ruleStatus('silent_group', max, alerts, active.length > 0);
}

/**
 * Every flash call not acknowledged within the limit of its delivery: active while still
 * unacknowledged, a past breach once acknowledged late or closed.
 */
function flashRule(calls: readonly HotlineCallState[], now: Date, rules: FloorRules): FloorRuleStatus {
  const max = rules.flashUnansweredMaxSeconds;
  const flash = calls.filter((c) => c.precedence === 'flash');
  const alerts: FloorAlert[] = [];
  for (const call of flash) {
    const from = Date.parse(call.deliveredAt ?? call.placedAt);
    const settledAt = call.acknowledgedAt ?? call.closed?.at ?? null;
    const waited = ((settledAt === null ? now.getTime() : Date.parse(settledAt)) - from) / 1000;
    if (waited <= max) continue;
    alerts.push({
      rule: 'flash_unanswered', subject: call.id, at: new Date(from + max * 1000).toISOString(),
      isActive: settledAt === null, value: Math.round(waited), threshold: max,
    });
  }
  return ruleStatus('flash_unanswered', max, alerts, flash.length > 0);
}

/** Every suspension of a protected group: active while it is suspended. */
function protectedRule(groups: readonly WorkingGroupState[], rules: FloorRules): FloorRuleStatus {
  const isProtected = groups.filter((g) => g.mandate?.protected === true);
  const alerts: FloorAlert[] = [];
  if (rules.protectedNeverSuspended) {
    for (const g of isProtected) {
      const suspensions = g.history.filter((h) => h.type === 'working_group.suspended');
      suspensions.forEach((h, i) => alerts.push({
        rule: 'protected_suspended', subject: g.id, at: h.at,
        isActive: g.status === 'suspended' && i === suspensions.length - 1, value: null, threshold: 0,
      }));
    }
  }
  return ruleStatus('protected_suspended', 0, alerts, rules.protectedNeverSuspended && isProtected.length > 0);
}
