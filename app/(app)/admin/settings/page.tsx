import type { Metadata } from "next";
import { AgentEnvForm } from "@/components/admin/agent-env-form";
import { AgentConfigForm } from "@/components/admin/agent-config-form";
import { agentAdapters } from "@/lib/agents/registry";
import { AGENT_CONFIG_FILES, agentConfigFiles } from "@/lib/repositories/agent-config";
import { GithubConnectionForm } from "@/components/admin/github-connection-form";
import { SettingsForm } from "@/components/admin/settings-form";
import { Forbidden } from "@/components/forbidden";
import { Card } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { listRepositories } from "@/lib/repositories/queries";
import { detectSandbox, sandboxLabel } from "@/lib/sandbox";
import { getSettings } from "@/lib/settings/settings";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Admin settings" };

export default async function AdminSettingsPage() {
  const actor = await requirePageActor();
  if (!can(actor, "settings.manage")) return <Forbidden message="Settings are for admins." />;
  const [settings, repositories, sandbox] = await Promise.all([getSettings(), listRepositories(actor), detectSandbox()]);
  return (
    <>
      <h1 className="text-xl font-semibold">Settings</h1>
      <Card title="Runs">
        <SettingsForm initial={settings} sandbox={sandboxLabel(sandbox.kind)} />
      </Card>
      <Card title="Agent variables (e.g. model API keys), per repository">
        <div className="space-y-6">
          {repositories.map((repository) => (
            <AgentEnvForm
              key={repository.id}
              repositoryId={repository.id}
              repositoryName={repository.name}
              names={Object.keys((repository.agentEnv ?? {}) as Record<string, string>)}
            />
          ))}
          {repositories.length === 0 ? <p className="text-sm text-slate-500">No repositories yet.</p> : null}
        </div>
      </Card>
      <Card title="Agent configuration files, per repository">
        <p className="mb-4 text-sm text-slate-600">
          Written into each run&apos;s private home: how a CLI finds its model server or auth method (e.g. a model provider in Codex&apos;s
          config.toml, the API-key auth in Gemini CLI&apos;s settings.json) without committing anything to the repository. Keys stay in the
          agent variables above.
        </p>
        <div className="space-y-6">
          {repositories.map((repository) => (
            <AgentConfigForm
              key={repository.id}
              repositoryId={repository.id}
              repositoryName={repository.name}
              files={Object.entries(AGENT_CONFIG_FILES).flatMap(([kind, files]) =>
                files.map((file) => ({ kind, label: agentAdapters[kind as keyof typeof agentAdapters].label, file, content: agentConfigFiles(repository.agentConfig, kind)[file] ?? "" })),
              )}
            />
          ))}
        </div>
      </Card>
      <Card title="GitHub, per repository">
        <p className="mb-4 text-sm text-slate-600">
          With a token, the branch is pushed over HTTPS with it, GitHub&apos;s check runs and statuses appear beside the local checks (webhook at
          /api/github/webhook, signed with GITHUB_WEBHOOK_SECRET, or polling), and merges go through the pull request. The token never leaves the
          server.
        </p>
        <div className="space-y-6">
          {repositories.map((repository) => (
            <GithubConnectionForm
              key={repository.id}
              repositoryId={repository.id}
              repositoryName={repository.name}
              initial={{
                owner: repository.githubOwner ?? "",
                repo: repository.githubRepo ?? "",
                apiUrl: repository.githubApiUrl ?? "",
                tokenSet: !!repository.githubToken,
                openDraftPullRequest: repository.openDraftPullRequest,
              }}
            />
          ))}
        </div>
      </Card>
    </>
  );
}
