/**
 * Domain errors: a stable snake_case code, the field at fault where there is one, and a
 * human reason. The HTTP and CLI edges map codes to statuses and exit codes in one table.
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

export class DomainError extends Error {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly field: string | undefined;
  constructor(kind: DomainErrorKind, code: string, message: string, field?: string) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.field = field;
  }
}

export const invalid = (code: string, field: string, message: string) => new DomainError('invalid', code, message, field);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const notFound = (code: string, message: string, field?: string) => new DomainError('not_found', code, message, field);
export const conflict = (code: string, message: string, field?: string) => new DomainError('conflict', code, message, field);
