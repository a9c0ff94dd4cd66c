import { afterEach, describe, expect, it, vi } from "vitest";
import { sandboxEnv } from "./sandbox-env.ts";

describe("sandboxEnv", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("holds PATH, LANG and TERM from the server, the assigned variables and the private HOME, nothing else", () => {
    vi.stubEnv("PATH", "/usr/bin:/bin");
    vi.stubEnv("LANG", "en_US.UTF-8");
    vi.stubEnv("TERM", "xterm-256color");
    vi.stubEnv("DATABASE_URL", "postgres://secret");
    vi.stubEnv("AUTH_SECRET", "secret");
    expect(sandboxEnv({ ANTHROPIC_API_KEY: "key" }, "/runs/1/home")).toEqual({
      PATH: "/usr/bin:/bin",
      LANG: "en_US.UTF-8",
      TERM: "xterm-256color",
      ANTHROPIC_API_KEY: "key",
      HOME: "/runs/1/home",
    });
  });

  it("never lets an assigned variable move HOME", () => {
    expect(sandboxEnv({ HOME: "/root" }, "/runs/1/home").HOME).toBe("/runs/1/home");
  });

  it("rejects names and values a process environment cannot hold", () => {
    expect(() => sandboxEnv({ "A=B": "x" }, "/h")).toThrow(/invalid environment variable name/);
    expect(() => sandboxEnv({ "": "x" }, "/h")).toThrow(/invalid environment variable name/);
    expect(() => sandboxEnv({ KEY: "a\0b" }, "/h")).toThrow(/NUL/);
  });
});
