export type StopSignal = "SIGTERM" | "SIGKILL";

/** Signals the process group led by `leaderPid`; a group that is already gone is not an error. */
export function signalGroup(leaderPid: number, signal: StopSignal): void {
  signalIgnoringGone(-leaderPid, signal);
}

export function signalProcess(pid: number, signal: StopSignal): void {
  signalIgnoringGone(pid, signal);
}

function signalIgnoringGone(target: number, signal: StopSignal): void {
  try {
    process.kill(target, signal);
  } catch (error) {
    // ESRCH: already gone. EPERM: a zombie's group or a process that changed its credentials; nothing to do.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ESRCH" && code !== "EPERM") throw error;
  }
}
