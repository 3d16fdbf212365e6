/** The floor dashboard as GET /dialogues/:id/floor returns it (src/domain/floor, src/http/routes/floor.ts). */
import type { Multilingual } from './api.js';

export type ItemOutcome = 'achieved' | 'partly' | 'not_achieved' | 'deferred' | 'disputed' | 'unrecorded';
export const ITEM_OUTCOMES: readonly ItemOutcome[] = ['achieved', 'partly', 'not_achieved', 'deferred', 'disputed', 'unrecorded'];
export type RuleId = 'link_availability' | 'silent_group' | 'flash_unanswered' | 'protected_suspended';

export interface FloorAlert {
  readonly rule: RuleId;
  readonly subject: string;
  readonly at: string;
  readonly isActive: boolean;
  readonly value: number | null;
  readonly threshold: number;
}

export interface Floor {
  readonly at: string;
  readonly channels: {
    readonly counts: { readonly active: number; readonly suspended: number; readonly proposed: number; readonly closed: number };
    readonly groups: readonly {
      readonly id: string; readonly title: Multilingual | null; readonly status: string; readonly isProtected: boolean;
      readonly lastContactAt: string | null; readonly daysSinceContact: number | null;
    }[];
  };
  readonly outcomes: {
    readonly goals: Readonly<Record<ItemOutcome, number>> & { readonly total: number; readonly achievedPercent: number | null };
    readonly commitments: {
      readonly byStatus: Readonly<Record<string, number>>; readonly delivered: number; readonly deliveredOnTime: number;
      readonly onTimePercent: number | null; readonly confirmed: number; readonly disputed: number; readonly overdue: number;
    };
    readonly meetings: readonly {
      readonly id: string; readonly workingGroup: string | null; readonly start: string | null; readonly status: string;
      readonly items: number; readonly outcomes: Readonly<Record<ItemOutcome, number>>; readonly commitments: number;
    }[];
  };
  readonly hotline: {
    readonly parties: readonly {
      readonly party: string; readonly received: number; readonly acknowledged: number;
      readonly ackMedianSeconds: number | null; readonly ackP90Seconds: number | null; readonly unansweredPastDeadline: number;
    }[];
    readonly unansweredPastDeadline: number;
    readonly availability: readonly {
      readonly days: number; readonly since: string;
      readonly directions: readonly { readonly from: string; readonly to: string; readonly scheduled: number; readonly answered: number; readonly missed: number; readonly availability: number | null }[];
    }[];
  };
  readonly notices: readonly { readonly party: string; readonly type: string; readonly onTime: number; readonly late: number; readonly voluntary: number }[];
  readonly incidents: readonly { readonly month: string; readonly domain: string; readonly count: number }[];
  readonly timeline: readonly {
    readonly at: string; readonly type: 'context' | 'suspended' | 'resumed' | 'meeting' | 'incident'; readonly id: string;
    readonly party: string | null; readonly title: Multilingual | null; readonly workingGroup: string | null; readonly detail: string | null;
  }[];
  readonly timelineTotal: number;
  readonly rules: readonly { readonly rule: RuleId; readonly threshold: number; readonly status: 'met' | 'breached' | 'no_data'; readonly alerts: readonly FloorAlert[] }[];
  readonly ruleSettings: {
    readonly linkAvailabilityMinPercent: number; readonly linkAvailabilityDays: number; readonly silentGroupMaxDays: number;
    readonly flashUnansweredMaxSeconds: number; readonly protectedNeverSuspended: boolean;
  };
}
