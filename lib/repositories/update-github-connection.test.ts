import { expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { createTestActor, createTestRepository, withAdminTurn } from "../testing/factories.ts";
import { rejection } from "../testing/rejection.ts";
import { repositoryDto } from "./dto.ts";
import { getRepository } from "./queries.ts";
import { updateGithubConnection } from "./update-github-connection.ts";

// Tests that create admins take turns with those that count them (see withAdminTurn).
it("lets only admins connect a repository to GitHub; the token is write-only and never shown", () => withAdminTurn(async () => {
  const admin = await createTestActor("admin");
  const maintainer = await createTestActor("maintainer");
  const repository = await createTestRepository();
  expect((await rejection(updateGithubConnection(maintainer, repository.id, { owner: "octo", repo: "hello", token: "ghp_x" }))).code).toBe("forbidden");

  expect(await updateGithubConnection(admin, repository.id, { owner: "octo", repo: "hello", token: "ghp_secret", openDraftPullRequest: true })).toEqual({
    owner: "octo",
    repo: "hello",
    apiUrl: null,
    tokenSet: true,
    openDraftPullRequest: true,
  });
  await updateGithubConnection(admin, repository.id, { owner: "octo", repo: "hello-renamed" }); // no token: the stored one stays
  const stored = await prisma.repository.findUniqueOrThrow({ where: { id: repository.id } });
  expect(stored).toMatchObject({ githubRepo: "hello-renamed", githubToken: "ghp_secret" });
  const dto = repositoryDto(await getRepository(maintainer, repository.id));
  expect(dto.github).toEqual({ owner: "octo", repo: "hello-renamed", apiUrl: null, tokenSet: true, openDraftPullRequest: false });
  expect(JSON.stringify(dto)).not.toContain("ghp_secret");
  const audits = await prisma.auditEvent.findMany({ where: { targetId: repository.id, action: "repository.github_connected" } });
  expect(JSON.stringify(audits.map((audit) => audit.data))).not.toContain("ghp_secret");

  await updateGithubConnection(admin, repository.id, null);
  expect(await prisma.repository.findUniqueOrThrow({ where: { id: repository.id } })).toMatchObject({ githubOwner: null, githubToken: null });
}));

it("refuses bad names, tokens and URLs, and changes nothing", () => withAdminTurn(async () => {
  const admin = await createTestActor("admin");
  const repository = await createTestRepository();
  for (const input of [{ owner: "octo/evil", repo: "x" }, { owner: "octo", repo: "" }, { owner: "octo", repo: "x", token: "has space" }, { owner: "octo", repo: "x", apiUrl: "ftp://x" }, { owner: "o", repo: "x", extra: 1 }]) {
    expect((await rejection(updateGithubConnection(admin, repository.id, input))).code).toBe("validation_failed");
  }
  expect((await prisma.repository.findUniqueOrThrow({ where: { id: repository.id } })).githubOwner).toBeNull();
}));
