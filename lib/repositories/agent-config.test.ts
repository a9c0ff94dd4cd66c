import { describe, expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { createTestActor, createTestRepository } from "../testing/factories.ts";
import { agentConfigFiles, updateAgentConfig } from "./agent-config.ts";

const codexToml = 'model_provider = "gateway"\n[model_providers.gateway]\nbase_url = "https://llm.example.com/v1"\n';

describe("updateAgentConfig", () => {
  it("stores each kind's files for the run's home, audited, and gives a kind only its own files", async () => {
    const admin = await createTestActor("admin");
    const repository = await createTestRepository();
    const config = { codex: { ".codex/config.toml": codexToml }, gemini: { ".gemini/settings.json": '{"security":{"auth":{"selectedType":"gemini-api-key"}}}' } };
    expect(await updateAgentConfig(admin, repository.id, config)).toEqual(config);
    const stored = await prisma.repository.findUniqueOrThrow({ where: { id: repository.id } });
    expect(agentConfigFiles(stored.agentConfig, "codex")).toEqual({ ".codex/config.toml": codexToml });
    expect(agentConfigFiles(stored.agentConfig, "claude-code")).toEqual({});
    expect(agentConfigFiles(stored.agentConfig, "script")).toEqual({});
    expect(await prisma.auditEvent.count({ where: { action: "repository.agent_config_updated", targetId: repository.id } })).toBe(1);
  });

  it("refuses, changing nothing, a file the kind does not read, invalid JSON, an unknown kind, and anyone but an admin", async () => {
    const admin = await createTestActor("admin");
    const repository = await createTestRepository();
    await expect(updateAgentConfig(admin, repository.id, { codex: { "../.ssh/authorized_keys": "x" } })).rejects.toMatchObject({
      code: "validation_failed",
      fields: { "codex.../.ssh/authorized_keys": "codex reads .codex/config.toml from its home, not ../.ssh/authorized_keys" },
    });
    await expect(updateAgentConfig(admin, repository.id, { gemini: { ".gemini/settings.json": "{nope" } })).rejects.toMatchObject({
      fields: { "gemini..gemini/settings.json": expect.stringMatching(/^\.gemini\/settings\.json is not valid JSON/) },
    });
    await expect(updateAgentConfig(admin, repository.id, { aider: {} })).rejects.toMatchObject({ code: "validation_failed", message: expect.stringContaining("not aider") });
    await expect(updateAgentConfig(await createTestActor("maintainer"), repository.id, { codex: {} })).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateAgentConfig(admin, "no-such-repository", {})).rejects.toMatchObject({ code: "not_found" });
    expect((await prisma.repository.findUniqueOrThrow({ where: { id: repository.id } })).agentConfig).toBeNull();
  });
});
