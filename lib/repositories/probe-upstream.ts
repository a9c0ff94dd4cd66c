import { AppError } from "../errors.ts";
import { runGit } from "../git/run-git.ts";

/** Checks, with git itself, that the upstream can be read and has the base branch; explains why not. */
export async function probeUpstream(upstream: string, baseBranch: string): Promise<{ baseSha: string }> {
  const result = await runGit(["ls-remote", "--heads", "--", upstream], { timeoutMs: 20_000 });
  if (result.timedOut) {
    throw new AppError("validation_failed", "git could not reach the upstream within 20 s.", {
      upstream: "git could not reach the upstream within 20 s",
    });
  }
  if (result.code !== 0) {
    const reason = gitFailureReason(result.stderr) ?? `git exited with ${result.code}`;
    throw new AppError("validation_failed", `git cannot read the upstream: ${reason}`, {
      upstream: `git cannot read the upstream: ${reason}`,
    });
  }
  const ref = `refs/heads/${baseBranch}`;
  const line = result.stdout.split("\n").find((entry) => entry.split("\t")[1] === ref);
  if (!line) {
    const branches = result.stdout
      .split("\n")
      .filter(Boolean)
      .map((entry) => entry.split("\t")[1]!.replace(/^refs\/heads\//, ""));
    const known = branches.length ? `it has ${branches.slice(0, 10).join(", ")}` : "it has no branches yet";
    const message = `The upstream has no branch "${baseBranch}" (${known}).`;
    throw new AppError("validation_failed", message, { baseBranch: message });
  }
  return { baseSha: line.split("\t")[0]! };
}

/** git's own words: its fatal lines first (they name the problem), else its last line. */
function gitFailureReason(stderr: string): string | null {
  const lines = stderr.split("\n").map((line) => line.trim()).filter(Boolean);
  const fatal = lines.filter((line) => line.startsWith("fatal:")).map((line) => line.slice("fatal:".length).trim());
  return (fatal.length ? fatal.join(" ") : lines.at(-1)) ?? null;
}
