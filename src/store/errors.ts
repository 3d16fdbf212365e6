/**
 * Errors raised by the store, each with a stable snake_case code and a kind the edge maps
 * to a status (conflict → 409, not_found → 404); the driver's error is kept as the cause.
 */
export type StoreErrorKind = 'conflict' | 'not_found' | 'invalid';

export class StoreError extends Error {
  readonly code: string;
  readonly kind: StoreErrorKind;
  constructor(kind: StoreErrorKind, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.kind = kind;
    this.code = code;
  }
}
