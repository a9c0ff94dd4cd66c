import { type GithubRepository, isGithubConnected } from "./client.ts";

/**
 * How git authenticates to a GitHub upstream over HTTPS with the repository's token: an extra header
 * given through the environment of the orchestrator's own git calls, never in an argument list, a URL
 * or a config file (agents never see it). Empty for other repositories.
 */
export function gitAuthEnv(repository: GithubRepository): Record<string, string> {
  if (!isGithubConnected(repository)) return {};
  const credentials = Buffer.from(`x-access-token:${repository.githubToken}`).toString("base64");
  return { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "http.extraHeader", GIT_CONFIG_VALUE_0: `Authorization: Basic ${credentials}` };
}
