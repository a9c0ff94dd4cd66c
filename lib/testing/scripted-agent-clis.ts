/**
 * How each real agent CLI is pointed at the scripted model server (lib/testing/model-server.ts): the
 * variables of the repository's agent environment and the configuration files of its agent
 * configuration, as an admin would set them for a gateway. Telemetry and updates are off.
 */
export interface ScriptedCli {
  env(modelUrl: string): Record<string, string>;
  /** Files for the run's HOME, relative to it. */
  config(modelUrl: string): Record<string, string>;
}

export const SCRIPTED_CLIS = {
  "claude-code": {
    env: (url) => ({
      ANTHROPIC_BASE_URL: url,
      ANTHROPIC_API_KEY: "sk-ant-scripted",
      DISABLE_AUTOUPDATER: "1",
      DISABLE_TELEMETRY: "1",
      DISABLE_ERROR_REPORTING: "1",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    }),
    config: () => ({}),
  },
  // Codex ignores OPENAI_BASE_URL: its model provider is in ~/.codex/config.toml.
  codex: {
    env: () => ({ OPENAI_API_KEY: "sk-scripted" }),
    config: (url) => ({
      ".codex/config.toml": `model_provider = "scripted"\n[model_providers.scripted]\nname = "Scripted"\nbase_url = "${url}/v1"\nenv_key = "OPENAI_API_KEY"\nwire_api = "responses"\n`,
    }),
  },
  // Gemini CLI needs the API-key auth chosen in its settings.
  gemini: {
    env: (url) => ({ GEMINI_API_KEY: "scripted", GOOGLE_GEMINI_BASE_URL: url }),
    config: () => ({ ".gemini/settings.json": JSON.stringify({ security: { auth: { selectedType: "gemini-api-key" } } }) }),
  },
  // OpenCode takes an OpenAI-compatible provider from its config.
  opencode: {
    env: () => ({ OPENCODE_DISABLE_AUTOUPDATE: "true" }),
    config: (url) => ({
      ".config/opencode/opencode.json": JSON.stringify({
        provider: { scripted: { npm: "@ai-sdk/openai-compatible", name: "Scripted", options: { baseURL: `${url}/v1`, apiKey: "scripted" }, models: { "gpt-5-codex": { name: "Scripted" } } } },
        model: "scripted/gpt-5-codex",
        autoupdate: false,
        share: "disabled",
      }),
    }),
  },
} satisfies Record<string, ScriptedCli>;

export type ScriptedCliKind = keyof typeof SCRIPTED_CLIS;
