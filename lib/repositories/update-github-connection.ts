import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { parseInput } from "../validation.ts";

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,99})$/;

export const githubConnectionSchema = z
  .object({
    owner: z.string().trim().regex(NAME, "Owner is a GitHub user or organisation name"),
    repo: z.string().trim().regex(NAME, "Repository is a GitHub repository name"),
    /** Write-only: omitted keeps the stored token, null removes it. */
    token: z.string().trim().min(1, "Token is empty").max(500).regex(/^[\x21-\x7e]+$/, "A token has no spaces or control characters").nullable().optional(),
    apiUrl: z.url({ protocol: /^https?$/, error: "API URL must be an http(s) URL" }).nullable().optional(),
    openDraftPullRequest: z.boolean().default(false),
  })
  .strict();

/**
 * Connects a repository to GitHub (owner/repo, a token, the API URL for GitHub Enterprise) or, with
 * `null`, disconnects it. Admins only: the token stays on the server, never in a DTO, an agent's or a
 * check's environment.
 */
export async function updateGithubConnection(actor: Actor | null, repositoryId: string, input: unknown) {
  requirePermission(actor, "settings.manage");
  const connection = input === null ? null : parseInput(githubConnectionSchema, input);
  if (!(await prisma.repository.findUnique({ where: { id: repositoryId }, select: { id: true } }))) throw new AppError("not_found", "No such repository.");
  const data = connection
    ? {
        githubOwner: connection.owner,
        githubRepo: connection.repo,
        ...(connection.token === undefined ? {} : { githubToken: connection.token }),
        ...(connection.apiUrl === undefined ? {} : { githubApiUrl: connection.apiUrl }),
        openDraftPullRequest: connection.openDraftPullRequest,
      }
    : { githubOwner: null, githubRepo: null, githubToken: null, githubApiUrl: null, openDraftPullRequest: false };
  const updated = await prisma.$transaction(async (tx) => {
    const row = await tx.repository.update({ where: { id: repositoryId }, data });
    await recordAuditEvent(tx, {
      actorId: actor.id,
      action: connection ? "repository.github_connected" : "repository.github_disconnected",
      targetType: "repository",
      targetId: repositoryId,
      data: connection ? { owner: connection.owner, repo: connection.repo, tokenChanged: connection.token !== undefined } : {},
    });
    return row;
  });
  return { owner: updated.githubOwner, repo: updated.githubRepo, apiUrl: updated.githubApiUrl, tokenSet: !!updated.githubToken, openDraftPullRequest: updated.openDraftPullRequest };
}
