export type WorkspaceErrorCode =
  | "invalid_argument"
  | "git_failed"
  | "mirror_busy"
  | "unsafe_clone"
  | "off_task_branch"
  | "history_rewritten"
  | "push_rejected";

/** A workspace step that cannot go on; the message is meant for the run's log and the user. */
export class WorkspaceError extends Error {
  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "WorkspaceError";
  }
}
