// Every error the service raises, with a stable code (for logs, the API and tests), a message and the
// HTTP status the API answers with. Wrap lower-level errors with `{ cause }`; never match on messages.

export const errorCodes = {
  FLY_CONFIG_INVALID: 500,
  FLY_USAGE: 400,
  FLY_DB_MIGRATION_FAILED: 500,
  FLY_DB_UNAVAILABLE: 503,
  FLY_DB_QUERY_FAILED: 500,
  FLY_SANDBOX_UNAVAILABLE: 503,
  FLY_SANDBOX_IMAGE_MISSING: 503,
  FLY_SANDBOX_RUNTIME_MISSING: 503,
  FLY_SANDBOX_BUILD_FAILED: 500,
  FLY_SANDBOX_FAILED: 500,
  FLY_LANGUAGE_UNKNOWN: 400,
  FLY_LLM_UNAVAILABLE: 502,
  FLY_LLM_BAD_REQUEST: 502,
  FLY_LLM_MALFORMED: 502,
  FLY_CHECKPOINT_UNKNOWN: 404,
  FLY_CHECKPOINT_NOT_SERVED: 400,
  FLY_CHECKPOINT_EXISTS: 409,
  FLY_CHECKPOINT_KEY_FORBIDDEN: 400,
  FLY_CHECKPOINT_HOST_FORBIDDEN: 400,
  FLY_ROUND_UNKNOWN: 404,
  FLY_ROUND_STATE: 409,
  FLY_ROUND_FILE_FORBIDDEN: 400,
  FLY_ROUND_FILE_NOT_REGULAR: 400,
  FLY_ROUND_FILE_TOO_LARGE: 400,
  FLY_ROUND_FILES_TOO_MANY: 400,
  FLY_SAMPLE_UNKNOWN: 404,
  FLY_BAD_REQUEST: 400,
  FLY_UNAUTHORIZED: 401,
  FLY_AUTH_RATE_LIMITED: 429,
  FLY_HOST_FORBIDDEN: 403,
  FLY_NOT_FOUND: 404,
  FLY_INTERNAL: 500,
  FLY_BAD_CURSOR: 400,
  FLY_BODY_TOO_LARGE: 413,
  FLY_VERIFY_TOO_MANY_ITEMS: 413,
  FLY_VERIFY_BUSY: 429,
  FLY_TOO_MANY_EXPORTS: 429,
  FLY_DB_BUSY: 429,
  /** The client closed the connection before the answer (nginx's 499); never sent, only logged. */
  FLY_CANCELLED: 499,
  FLY_UNSUPPORTED_MEDIA_TYPE: 415,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class FlywheelError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlywheelError';
    this.code = code;
    this.statusCode = errorCodes[code];
    this.details = options.details;
  }
}

export function isFlywheelError(err: unknown, code?: ErrorCode): err is FlywheelError {
  return err instanceof FlywheelError && (code === undefined || err.code === code);
}

/** The message of any thrown value, with the chain of causes, for logs and CLI output. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(current instanceof FlywheelError ? `${current.code}: ${current.message}` : current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join(' <- ');
}
