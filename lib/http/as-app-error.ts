import { isDatabaseBusy } from "../db/errors.ts";
import { AppError, type ErrorCode } from "../errors.ts";
import { WorkspaceError, type WorkspaceErrorCode } from "../git/workspace-error.ts";
import { type Logger, logger } from "../logger.ts";

/** A git step that could not go on, as the caller sees it: its message names what git said. */
const WORKSPACE_ANSWER: Record<WorkspaceErrorCode, ErrorCode> = {
  invalid_argument: "validation_failed",
  mirror_busy: "unavailable",
  off_task_branch: "conflict",
  history_rewritten: "conflict",
  push_rejected: "conflict",
  git_failed: "git_failed",
  unsafe_clone: "git_failed",
};

/** The one mapping of any thrown error to what the caller sees; the unexpected ones are logged and answered 500. */
export function asAppError(error: unknown, log: Logger = logger): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseBusy(error)) return new AppError("unavailable", "The database is busy; try again in a moment.");
  if (error instanceof WorkspaceError) {
    log.warn({ err: error, code: error.code }, "git step failed");
    return new AppError(WORKSPACE_ANSWER[error.code], error.message);
  }
  log.error({ err: error }, "unexpected error");
  return new AppError("internal", "Something went wrong on the server.");
}
