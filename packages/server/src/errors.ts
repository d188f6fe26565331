/**
 * The closed catalogue of API errors. Domain code throws `AppError` with one of these codes;
 * one Fastify error handler renders `{error: {code, message, requestId, path?, details?}}`.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_EVENT: 400,
  INVALID_STRATEGY: 400,
  INVALID_JSON: 400,
  SENSITIVE_DATA_REFUSED: 400,
  UNAUTHENTICATED: 401,
  ACCOUNT_LOCKED: 401,
  CSRF_FAILED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  EVENT_TYPE_NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  OVERLOADED: 503,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly path?: string;
  readonly details?: ErrorDetail[];
  readonly retryAfterSec?: number;
  constructor(code: ErrorCode, message: string, opts: { path?: string; details?: ErrorDetail[]; retryAfterSec?: number } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.path = opts.path ?? opts.details?.[0]?.path;
    this.details = opts.details;
    this.retryAfterSec = opts.retryAfterSec;
  }
}

export const notFound = (what: string, path?: string) => new AppError('NOT_FOUND', `${what} not found`, { path });
