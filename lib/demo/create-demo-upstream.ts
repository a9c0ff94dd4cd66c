import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { git } from "../git/git.ts";
import { DEMO_FILES } from "./demo-files.ts";

const IDENTITY = { GIT_AUTHOR_NAME: "Code Orchestrator", GIT_AUTHOR_EMAIL: "demo@code-orchestrator.local", GIT_COMMITTER_NAME: "Code Orchestrator", GIT_COMMITTER_EMAIL: "demo@code-orchestrator.local" };

/** A bare repository at `upstreamPath` whose `main` holds the demo package. */
export async function createDemoUpstream(upstreamPath: string): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "orch-demo-"));
  try {
    for (const [file, content] of Object.entries(DEMO_FILES)) {
      await mkdir(path.dirname(path.join(work, file)), { recursive: true });
      await writeFile(path.join(work, file), content);
    }
    const env = { ...IDENTITY, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
    await git(["init", "--quiet", "--initial-branch=main", work], "create the demo repository", { env });
    await git(["-C", work, "add", "--all"], "add the demo files", { env });
    await git(["-C", work, "commit", "--quiet", "-m", "Demo calculator"], "commit the demo files", { env });
    await mkdir(path.dirname(upstreamPath), { recursive: true });
    await git(["clone", "--quiet", "--bare", "--", work, upstreamPath], "create the demo upstream", { env });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
