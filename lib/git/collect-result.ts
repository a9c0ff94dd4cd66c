import { AGENT_IDENTITY_ENV, CLONE_ENV, cloneGit, cloneGitDir, reclaimClone, tryCloneGit } from "./clone-git-dir.ts";
import { WorkspaceError } from "./workspace-error.ts";
import { isAncestor, readCommit } from "./git.ts";
import { assertBranchName, assertSha } from "./validate.ts";

export interface CollectResultInput {
  clonePath: string;
  taskBranch: string;
  startSha: string;
  commitMessage: string;
}

export type CollectedResult = { changed: false } | { changed: true; headSha: string };

/**
 * Run outside the sandbox once the agent has exited: commits what it left uncommitted (untracked files
 * too, .gitignore respected) as the agent, then reads the task branch, which must still contain
 * `startSha`. Every other ref the agent made is ignored.
 */
export async function collectResult(input: CollectResultInput): Promise<CollectedResult> {
  const { clonePath, taskBranch, startSha, commitMessage } = input;
  assertBranchName("taskBranch", taskBranch);
  assertSha("startSha", startSha);
  if (!commitMessage.trim()) throw new WorkspaceError("invalid_argument", "The commit message is empty.");
  await reclaimClone(clonePath);

  const branchHead = await readCommit(cloneGitDir(clonePath), `refs/heads/${taskBranch}`, { env: CLONE_ENV });
  if (!branchHead) throw new WorkspaceError("history_rewritten", `The agent deleted the task branch "${taskBranch}".`);
  const headSha = (await commitLeftoverChanges(clonePath, taskBranch, branchHead, commitMessage)) ?? branchHead;
  if (headSha === startSha) return { changed: false };
  if (!(await isAncestor(cloneGitDir(clonePath), startSha, headSha, { env: CLONE_ENV }))) {
    throw new WorkspaceError(
      "history_rewritten",
      `The task branch "${taskBranch}" is at ${headSha}, which does not contain the run's start ${startSha}: ` +
        "the agent rewrote its history, so the result is rejected.",
    );
  }
  return { changed: true, headSha };
}

/** Returns the commit made on the task branch, or null when the working tree was clean. */
async function commitLeftoverChanges(clonePath: string, taskBranch: string, branchHead: string, message: string) {
  const status = await cloneGit(clonePath, ["status", "--porcelain"], "list the agent's uncommitted changes");
  if (!status) return null;
  await assertOnTaskBranch(clonePath, taskBranch);
  await cloneGit(clonePath, ["add", "--all"], "stage the agent's uncommitted changes");
  const tree = await cloneGit(clonePath, ["write-tree"], "record the agent's uncommitted changes");
  // A modified nested repository shows in status but may leave the tree as it was.
  const branchTree = await cloneGit(clonePath, ["rev-parse", `${branchHead}^{tree}`], "read the task branch's tree");
  if (tree === branchTree) return null;
  const commitArgs = ["commit-tree", tree, "-p", branchHead, "-m", message];
  const commit = await cloneGit(clonePath, commitArgs, "commit the agent's changes", { env: AGENT_IDENTITY_ENV });
  await cloneGit(clonePath, ["update-ref", `refs/heads/${taskBranch}`, commit, branchHead], "move the task branch");
  return commit;
}

async function assertOnTaskBranch(clonePath: string, taskBranch: string): Promise<void> {
  const head = await tryCloneGit(clonePath, ["symbolic-ref", "--quiet", "HEAD"], "read the clone's HEAD");
  const headRef = head.code === 0 ? head.stdout.trim() : null;
  if (headRef === `refs/heads/${taskBranch}`) return;
  const where = headRef ? `"${headRef.replace(/^refs\/heads\//, "")}"` : "a detached HEAD";
  throw new WorkspaceError(
    "off_task_branch",
    `The agent left uncommitted changes on ${where} instead of the task branch "${taskBranch}"; ` +
      "they cannot be collected.",
  );
}
