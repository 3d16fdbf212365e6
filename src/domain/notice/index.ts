/**
 * Notifications of intentions: typed notices (area, time window, forces, per-type fields)
 * with the lead time of the terms in force, flagged late when given after it; acknowledged
 * by the other parties per version; amended (a new version) or cancelled by the giver.
 */
import type { AggregateKind } from '../aggregate.js';
import { checkNoticeBody } from './body.js';
import { decideNotice, type NoticeCommand } from './decide.js';
import { evolveNotice } from './evolve.js';
import type { NoticeState } from './state.js';

export { decideNotice, type NoticeCommand } from './decide.js';
export { NOTICE_FORMS, checkNoticeContent, leadRule, type NoticeInput } from './fields.js';
export { noticeCompliance, type ComplianceCounts, type NoticeCompliance } from './compliance.js';
export {
  NOTICE_STATUSES,
  type NoticeState, type NoticeStatus, type NoticeContent, type NoticeVersion, type LeadRule, type Forces,
} from './state.js';

export const notices: AggregateKind<NoticeState, NoticeCommand> = {
  kind: 'notice',
  creates: ['notice.given'],
  changes: ['notice.amended', 'notice.acknowledged', 'notice.cancelled'],
  evolve: evolveNotice,
  decide: decideNotice,
  // `date`: when the activity starts.
  index: (state) => ({ status: state.status, party: state.givenBy, date: state.content?.window.start ?? null }),
  checkBody: checkNoticeBody,
};
