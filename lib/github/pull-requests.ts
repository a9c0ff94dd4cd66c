import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { MergeMethod } from "../generated/prisma/enums.ts";
import { type ConnectedRepository, githubClient, githubError, isGithubConnected, repoOf } from "./client.ts";

type Repository = ConnectedRepository & { baseBranch: string; openDraftPullRequest: boolean };

/**
 * The task's pull request: found or created (a draft when `draft`) with head = the task branch and
 * base = the base branch; its number is kept on the task.
 */
export async function ensurePullRequest(task: { id: string; name: string; goal: string; branch: string; pullRequestNumber: number | null }, repository: Repository, draft: boolean): Promise<number> {
  if (task.pullRequestNumber) return task.pullRequestNumber;
  const octokit = githubClient(repository);
  let number: number;
  try {
    const created = await octokit.rest.pulls.create({ ...repoOf(repository), head: task.branch, base: repository.baseBranch, title: task.name, body: task.goal, draft });
    number = created.data.number;
  } catch (error) {
    if ((error as { status?: number }).status !== 422) throw githubError(error, `open a pull request for ${task.branch}`);
    const open = await octokit.rest.pulls.list({ ...repoOf(repository), head: `${repository.githubOwner}:${task.branch}`, base: repository.baseBranch, state: "open" }).catch((listError: unknown) => {
      throw githubError(listError, `find the pull request of ${task.branch}`);
    });
    if (!open.data[0]) throw githubError(error, `open a pull request for ${task.branch}`);
    number = open.data[0].number;
  }
  await prisma.task.update({ where: { id: task.id }, data: { pullRequestNumber: number } });
  return number;
}

/** After a run pushed the branch: a draft pull request when the repository asks for one. */
export async function ensureDraftPullRequest(taskId: string): Promise<number | null> {
  const task = await prisma.task.findUniqueOrThrow({ where: { id: taskId }, include: { repository: true } });
  if (!isGithubConnected(task.repository) || !task.repository.openDraftPullRequest) return null;
  return ensurePullRequest(task, task.repository, true);
}

/** Whether GitHub can merge the pull request: null while it is still computing. */
export async function pullRequestMergeable(repository: ConnectedRepository, number: number): Promise<{ mergeable: boolean | null; state: string; draft: boolean; headSha: string }> {
  try {
    const { data } = await githubClient(repository).rest.pulls.get({ ...repoOf(repository), pull_number: number });
    return { mergeable: data.mergeable, state: data.state, draft: !!data.draft, headSha: data.head.sha };
  } catch (error) {
    throw githubError(error, `read pull request #${number}`);
  }
}

/** Merges the pull request only if its head is still `sha`; GitHub's refusals become clear messages. */
export async function mergePullRequest(repository: ConnectedRepository, number: number, input: { sha: string; method: MergeMethod; title: string }): Promise<string> {
  const octokit = githubClient(repository);
  try {
    const { data: pull } = await octokit.rest.pulls.get({ ...repoOf(repository), pull_number: number });
    // A draft cannot be merged, and only GraphQL can mark one ready.
    if (pull.draft) await octokit.graphql("mutation($id: ID!) { markPullRequestReadyForReview(input: { pullRequestId: $id }) { clientMutationId } }", { id: pull.node_id });
    const { data } = await octokit.rest.pulls.merge({ ...repoOf(repository), pull_number: number, sha: input.sha, merge_method: input.method, commit_title: input.title });
    if (!data.merged) throw new AppError("conflict", `GitHub did not merge pull request #${number}: ${data.message}`);
    return data.sha;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const status = (error as { status?: number }).status;
    const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? (error as Error).message;
    if (status === 405) throw new AppError("validation_failed", `GitHub will not merge pull request #${number}: ${message} (its branch protection or a conflict).`);
    if (status === 409) throw new AppError("conflict", `head moved: the pull request's head is no longer ${input.sha.slice(0, 12)} (${message}).`);
    throw githubError(error, `merge pull request #${number}`);
  }
}

/** Reviewers whose latest review of the pull request approves it. */
export async function approvingReviewers(repository: ConnectedRepository, number: number): Promise<string[]> {
  try {
    const octokit = githubClient(repository);
    const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { ...repoOf(repository), pull_number: number, per_page: 100 });
    const latest = new Map<string, string>();
    for (const review of reviews) if (review.user && review.state !== "COMMENTED") latest.set(review.user.login, review.state);
    return [...latest].filter(([, state]) => state === "APPROVED").map(([login]) => login);
  } catch (error) {
    throw githubError(error, `read the reviews of pull request #${number}`);
  }
}

/** How far the branch is from the base, as GitHub sees it. */
export async function compareWithBase(repository: ConnectedRepository & { baseBranch: string }, headSha: string): Promise<{ aheadBy: number; behindBy: number; status: string }> {
  try {
    const { data } = await githubClient(repository).rest.repos.compareCommits({ ...repoOf(repository), base: repository.baseBranch, head: headSha });
    return { aheadBy: data.ahead_by, behindBy: data.behind_by, status: data.status };
  } catch (error) {
    throw githubError(error, `compare ${headSha.slice(0, 12)} with ${repository.baseBranch}`);
  }
}
