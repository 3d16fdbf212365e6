/**
 * Errors raised by the record. Each carries a stable snake_case code; verification
 * failures also carry what was expected and what was found, so an auditor reading a
 * failure sees both values (as transparency-dev's verifiers do).
 */
export class RecordError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecordError';
    this.code = code;
  }
}

/** Signed content broke the I-JSON profile of ARCHITECTURE.md (a float, -0, NaN, …). */
export class CanonicalizationError extends RecordError {
  /** JSON path of the offending value, e.g. `body.position.lat`. */
  readonly path: string;
  constructor(path: string, reason: string) {
    super('non_canonical_value', `${path || '(root)'}: ${reason}`);
    this.name = 'CanonicalizationError';
    this.path = path;
  }
}

/** Something that should verify does not. */
export class VerificationError extends RecordError {
  readonly expected: string | undefined;
  readonly actual: string | undefined;
  constructor(code: string, message: string, detail: { expected?: string; actual?: string } = {}) {
    const suffix =
      detail.expected !== undefined || detail.actual !== undefined
        ? ` (expected ${detail.expected ?? '?'}, got ${detail.actual ?? '?'})`
        : '';
    super(code, message + suffix);
    this.name = 'VerificationError';
    this.expected = detail.expected;
    this.actual = detail.actual;
  }
}
