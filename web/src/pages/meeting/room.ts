/** What every part of the meeting room is given. */
import type { Aggregate, Dialogue } from '../../api.js';
import type { ActionState } from '../../hooks.js';
import type { Meeting } from '../../model.js';

export interface RoomProps {
  readonly dialogue: Dialogue;
  readonly meeting: Aggregate<Meeting>;
  /** Bumped by live events and actions: every part reloads. */
  readonly tick: number;
  refresh(): void;
  readonly action: ActionState;
}

/** Whether the meeting's start has passed (by this browser's clock; the server judges by its own). */
export const hasStarted = (meeting: Meeting) => meeting.schedule !== null && Date.parse(meeting.schedule.start) <= Date.now();
