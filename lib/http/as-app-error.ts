import { isDatabaseBusy } from "../db/errors.ts";
import { AppError } from "../errors.ts";

/** The one mapping of any thrown error to what the caller sees; the unexpected ones are logged and answered 500. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseBusy(error)) return new AppError("unavailable", "The database is busy; try again in a moment.");
  console.error(error);
  return new AppError("internal", "Something went wrong on the server.");
}
