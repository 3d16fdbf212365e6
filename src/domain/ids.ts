/**
 * Ids of other aggregates and of members as commands and bodies carry them: as given, not
 * blank, at most MAX_ID_LENGTH characters — one rule for every kind, so a bad reference is
 * refused with the same words wherever it appears.
 */
import { invalid } from './errors.js';

export const MAX_ID_LENGTH = 200;

/** An id of another aggregate or of a member; `code` names the refusal. */
export function checkId(value: unknown, field: string, code: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ID_LENGTH) {
    throw invalid(code, field, `must be an id (1–${MAX_ID_LENGTH} characters)`);
  }
  return value;
}

/** An optional reference to another aggregate: `{}` when absent, else `{ [field]: id }`. */
export function optionalReference(value: unknown, field: string): { [key: string]: string } {
  return value === undefined ? {} : { [field]: checkId(value, field, 'reference_invalid') };
}
