import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { createTestUser, uniqueName } from "../testing/factories.ts";
import { linkGitHubAccount } from "./link-github-account.ts";

const githubId = () => `gh-${randomUUID()}`;

it("creates a viewer for a new GitHub identity and finds it again by its account", async () => {
  const email = `${uniqueName("octo")}@example.test`;
  const providerAccountId = githubId();
  const first = await linkGitHubAccount({ providerAccountId, email: email.toUpperCase(), name: "Octo" });
  const user = await prisma.user.findUniqueOrThrow({ where: { id: first!.id } });
  expect(user).toMatchObject({ email, role: "viewer", passwordHash: null });
  expect(await linkGitHubAccount({ providerAccountId, email: "changed@example.test", name: null })).toEqual({ id: user.id });
  expect(await prisma.auditEvent.count({ where: { targetId: user.id, action: "user.github_linked" } })).toBe(1);
});

it("links to the local user with the same email, keeping their role", async () => {
  const local = await createTestUser({ role: "maintainer" });
  const linked = await linkGitHubAccount({ providerAccountId: githubId(), email: local.email, name: null });
  expect(linked).toEqual({ id: local.id });
  expect((await prisma.user.findUniqueOrThrow({ where: { id: local.id } })).role).toBe("maintainer");
});

it("refuses disabled users and identities without an email", async () => {
  const disabled = await prisma.user.update({ where: { id: (await createTestUser()).id }, data: { disabled: true } });
  expect(await linkGitHubAccount({ providerAccountId: githubId(), email: disabled.email, name: null })).toBeNull();
  expect(await linkGitHubAccount({ providerAccountId: githubId(), email: null, name: null })).toBeNull();
});
