import { runGitWithin } from "../git/git.ts";

/** The lines of a file at a commit in the mirror, or null when it has no such file. */
export async function fileLines(mirrorPath: string, sha: string, path: string): Promise<string[] | null> {
  const result = await runGitWithin(["--git-dir", mirrorPath, "cat-file", "blob", `${sha}:${path}`], `read ${path}`);
  if (result.code !== 0) return null;
  const lines = result.stdout.split("\n");
  if (result.stdout.endsWith("\n")) lines.pop();
  return lines;
}
