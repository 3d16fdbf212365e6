/**
 * Lead-time compliance per notifying party and type (SPEC.md §5, notifications): notices
 * given on time vs late, and those below the size threshold (voluntary, never late).
 * Cancelled notices count too: a late notice stays late on the record.
 */
import type { NoticeState } from './state.js';

export type ComplianceCounts = { onTime: number; late: number; voluntary: number };
export type NoticeCompliance = { [party: string]: { [noticeType: string]: ComplianceCounts } };

export function noticeCompliance(notices: Iterable<NoticeState>): NoticeCompliance {
  const result: NoticeCompliance = {};
  for (const notice of notices) {
    const type = notice.content?.noticeType;
    if (type === undefined) continue; // a withheld notice has no type to count under
    const byType = (result[notice.givenBy] ??= {});
    const counts = (byType[type] ??= { onTime: 0, late: 0, voluntary: 0 });
    if (!notice.isRequired) counts.voluntary += 1;
    else if (notice.isLate) counts.late += 1;
    else counts.onTime += 1;
  }
  return result;
}
