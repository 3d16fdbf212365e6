/** Reasons given for suspending, rejecting, disputing, cancelling …: they go on the record. */
import { invalid } from './errors.js';

export const MAX_REASON_LENGTH = 10_000;

/** A reason as given, or undefined when none was and none is required. */
export function reasonText(reason: string | undefined, field: string, required: boolean): string | undefined {
  if (reason === undefined || reason.trim() === '') {
    if (required) throw invalid('reason_missing', field, 'give a reason: it goes on the record');
    return undefined;
  }
  if (reason.length > MAX_REASON_LENGTH) throw invalid('reason_too_long', field, `at most ${MAX_REASON_LENGTH.toLocaleString('en')} characters`);
  return reason;
}
