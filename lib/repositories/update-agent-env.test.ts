import { expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { createTestActor, createTestRepository, withAdminTurn } from "../testing/factories.ts";
import { rejection } from "../testing/rejection.ts";
import { repositoryDto } from "./dto.ts";
import { getRepository } from "./queries.ts";
import { updateAgentEnv } from "./update-agent-env.ts";

// Tests that create admins take turns with those that count them (see withAdminTurn).
it("lets only admins set a repository's agent variables, shows their names and never their values", () => withAdminTurn(async () => {
  const admin = await createTestActor("admin");
  const maintainer = await createTestActor("maintainer");
  const repository = await createTestRepository();

  expect((await rejection(updateAgentEnv(maintainer, repository.id, { variables: { API_KEY: "x" } }))).code).toBe("forbidden");
  expect(await updateAgentEnv(admin, repository.id, { variables: { ANTHROPIC_API_KEY: "sk-secret-value" } })).toEqual({
    names: ["ANTHROPIC_API_KEY"],
  });
  const dto = repositoryDto(await getRepository(maintainer, repository.id));
  expect(dto.agentEnvNames).toEqual(["ANTHROPIC_API_KEY"]);
  expect(JSON.stringify(dto)).not.toContain("sk-secret-value");
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { targetId: repository.id, action: "repository.agent_env_updated" } });
  expect(JSON.stringify(audit.data)).not.toContain("sk-secret-value");
}));

it("refuses names the sandbox sets itself, bad names and NUL bytes, and changes nothing", () => withAdminTurn(async () => {
  const admin = await createTestActor("admin");
  const repository = await createTestRepository({ agentEnv: { KEEP: "1" } });
  for (const variables of [{ PATH: "/tmp" }, { HOME: "/x" }, { "1BAD": "x" }, { "BAD-NAME": "x" }, { OK: "a\u0000b" }]) {
    expect((await rejection(updateAgentEnv(admin, repository.id, { variables }))).code).toBe("validation_failed");
  }
  expect((await prisma.repository.findUniqueOrThrow({ where: { id: repository.id } })).agentEnv).toEqual({ KEEP: "1" });
  expect((await rejection(updateAgentEnv(admin, "missing", { variables: {} }))).code).toBe("not_found");
}));
