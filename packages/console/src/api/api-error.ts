import type { ErrorBody } from './types.ts';

type ErrorFields = ErrorBody['error'];

/**
 * An error answer of the Vigil API, or a failure to reach it (`status` 0, code `NETWORK`).
 * Switch on `code`, never on `message` (English text for humans).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId?: string;
  /** The offending field, when there is one (the first of `details`). */
  readonly path?: string;
  readonly details?: ErrorFields['details'];

  constructor(status: number, body: Partial<ErrorFields> & { code: string; message: string }) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.requestId = body.requestId;
    this.path = body.path;
    this.details = body.details;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Reads `{error: {...}}` from an error answer; anything else (a proxy's HTML page) becomes HTTP_<status>. */
export function errorFromBody(status: number, body: unknown, fallbackText: string): ApiError {
  const err = (body as { error?: unknown } | null)?.error;
  if (err && typeof err === 'object' && typeof (err as ErrorFields).code === 'string' && typeof (err as ErrorFields).message === 'string') {
    return new ApiError(status, err as ErrorFields);
  }
  return new ApiError(status, { code: `HTTP_${status}`, message: fallbackText || `HTTP ${status}` });
}
