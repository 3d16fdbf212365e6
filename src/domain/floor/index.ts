/** The floor dashboard (SPEC.md §5): indicators computed from projected states, and the floor rules. */
export {
  computeFloor, quantile, TIMELINE_LIMIT, TIMELINE_TYPES,
  type FloorInput, type FloorReport, type FloorAlert, type FloorRuleStatus, type GroupChannel, type MeetingOutcomes,
  type PartyHotline, type NoticeRow, type IncidentMonth, type TimelineEntry, type ItemOutcome, type OutcomeCounts,
} from './indicators.js';
export { DEFAULT_FLOOR_RULES, FLOOR_RULE_IDS, checkFloorRules, floorRulesOf, type FloorRules, type FloorRuleId } from './rules.js';
