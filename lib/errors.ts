import type { ZodError } from "zod";

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "validation_failed"
  | "budget_exceeded"
  | "unsupported_media_type"
  | "internal"
  | "git_failed"
  | "unavailable";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unsupported_media_type: 415,
  validation_failed: 422,
  budget_exceeded: 422,
  internal: 500,
  git_failed: 502,
  unavailable: 503,
};

/** Seconds a client is asked to wait before retrying an `unavailable` answer. */
const RETRY_AFTER_SECONDS = 2;

export type FieldErrors = Record<string, string>;

export interface ErrorBody {
  /** `conditions`: what a refused merge still lacks; `budget`: the budget a refused run would exceed. */
  error: { code: ErrorCode; message: string; fields?: FieldErrors; conditions?: unknown[]; budget?: unknown };
}

/** An error meant for the caller: it carries the HTTP status and, for bad input, the failing fields. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return STATUS[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }

  toResponse(): Response {
    const headers: HeadersInit = this.code === "unavailable" ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {};
    return Response.json(this.toBody(), { status: this.status, headers });
  }
}

export function fieldError(field: string, message: string, code: ErrorCode = "validation_failed"): AppError {
  return new AppError(code, message, { [field]: message });
}

/** Turns zod issues into one message per field path ("files.2.path"). */
export function validationError(error: ZodError): AppError {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    fields[key] ??= issue.message;
  }
  return invalidFields(fields);
}

/** A 422 naming each failing field, the first three in its message. */
export function invalidFields(fields: FieldErrors): AppError {
  const summary = Object.entries(fields)
    .slice(0, 3)
    .map(([field, message]) => (field === "_" ? message : `${field}: ${message}`))
    .join("; ");
  return new AppError("validation_failed", `Invalid input: ${summary}`, fields);
}
