import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { helperSingleton } from "../helper-singleton.ts";

export interface GitResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

interface GitRequest {
  args: string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

type GitReply = { id: number; error: string } | ({ id: number } & GitResult);

interface Pending {
  resolve(result: GitResult): void;
  reject(error: Error): void;
}

// Resolved from the project root at run time, like the log ingest thread: not a file for the bundler.
const LAUNCHER_FILE = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "git", "git-launcher-child.mjs");

/**
 * A small long-lived process that starts git for the server. Starting a process forks the one that
 * asks, and forking the server (hundreds of MB, gigabytes of reserved address space) blocked its
 * event loop for about 15 ms per git call, then cost it copy-on-write faults; forking the launcher
 * costs it nothing. Only git's exit code and output cross over, as short messages.
 */
class GitLauncher {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  dead = false;

  constructor() {
    if (!existsSync(LAUNCHER_FILE)) throw new Error(`The git launcher's file is missing (${LAUNCHER_FILE}): start the server from the project's directory.`);
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    this.child = spawn(process.execPath, [LAUNCHER_FILE], { stdio: ["ignore", "inherit", "inherit", "ipc"], env });
    this.child.on("message", (reply: GitReply) => this.receive(reply));
    this.child.on("error", (error) => this.die(error));
    this.child.on("exit", (code, signal) => this.die(new Error(`The git launcher exited (${signal ?? code}).`)));
    this.idle();
  }

  run(request: GitRequest): Promise<GitResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.busy();
      this.child.send({ id, ...request }, (error) => {
        if (error) this.settle(id)?.reject(error);
      });
    });
  }

  private receive(reply: GitReply): void {
    const pending = this.settle(reply.id);
    if (!pending) return;
    if ("error" in reply) pending.reject(new Error(`git could not be started: ${reply.error}`));
    else pending.resolve({ code: reply.code, stdout: reply.stdout, stderr: reply.stderr, timedOut: reply.timedOut });
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.idle();
    return pending;
  }

  // While git runs for someone, the launcher keeps the server's event loop alive like a child would.
  private busy(): void {
    this.child.ref();
    this.child.channel?.ref();
  }

  private idle(): void {
    this.child.unref();
    this.child.channel?.unref();
  }

  private die(error: Error): void {
    if (this.dead) return;
    this.dead = true;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

const launcher = helperSingleton("gitLauncher", () => new GitLauncher());

/** Starts the launcher ahead of the first git call, so no run waits for it. */
export function startGitLauncher(): void {
  launcher();
}

/** Runs git through the launcher: an argument array, never a shell. */
export function launchGit(request: GitRequest): Promise<GitResult> {
  return launcher().run(request);
}
