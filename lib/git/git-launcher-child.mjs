// The git launcher: a small process that runs git for the server (see git-launcher.ts). Plain
// JavaScript, run by node as it is. It ends when the server does (its IPC channel closes), and
// stops the git it was running then: nobody is left to record what that git would have done.
import { spawn } from "node:child_process";

const running = new Set();

function killGroup(pid) {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

process.on("disconnect", () => {
  for (const pid of running) killGroup(pid);
  process.exit(0);
});

process.on("message", (request) => {
  let child;
  try {
    // Its own process group, so a time limit also stops what git started (ssh, a helper).
    child = spawn("git", request.args, { cwd: request.cwd, env: request.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  } catch (error) {
    process.send({ id: request.id, error: error.message });
    return;
  }
  const stdout = [];
  const stderr = [];
  let timedOut = false;
  let answered = false;
  const { pid } = child;
  if (pid) running.add(pid);
  const answer = (reply) => {
    clearTimeout(timer);
    running.delete(pid);
    if (answered) return;
    answered = true;
    process.send({ id: request.id, ...reply });
  };
  const text = (chunks) => Buffer.concat(chunks).toString("utf8");
  child.stdout.on("data", (chunk) => stdout.push(chunk));
  child.stderr.on("data", (chunk) => stderr.push(chunk));
  const timer = setTimeout(() => {
    timedOut = true;
    if (pid) killGroup(pid);
  }, request.timeoutMs);
  child.on("error", (error) => answer({ error: error.message }));
  // After a time limit, a process outside the group may still hold the pipes: answer at git's exit.
  child.on("exit", (code) => {
    if (timedOut) answer({ code, stdout: text(stdout), stderr: text(stderr), timedOut });
  });
  child.on("close", (code) => answer({ code, stdout: text(stdout), stderr: text(stderr), timedOut }));
});
