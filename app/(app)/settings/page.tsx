import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/forbidden";
import { CreateTokenForm } from "@/components/settings/create-token-form";
import { RevokeTokenButton } from "@/components/settings/revoke-token-button";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can, scopesForRole } from "@/lib/auth/permissions";
import { listApiTokens } from "@/lib/auth/tokens/list-api-tokens";
import { Table } from "@/components/ui/table";

export const dynamic = "force-dynamic";

function formatDate(date: Date | null): string {
  if (!date) return "Never";
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await requirePageActor();
  const tokens = can(actor, "token.manageOwn") ? await listApiTokens(actor) : null;
  const now = new Date();

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Settings</h1>

      <Card title="Your account">
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="font-medium text-slate-600">Email</dt>
          <dd data-testid="account-email">{actor.email}</dd>
          {actor.name ? (
            <>
              <dt className="font-medium text-slate-600">Name</dt>
              <dd>{actor.name}</dd>
            </>
          ) : null}
          <dt className="font-medium text-slate-600">Role</dt>
          <dd data-testid="account-role">
            <Badge tone="violet">{actor.role}</Badge>
          </dd>
        </dl>
      </Card>

      {can(actor, "webhook.manage") ? (
        <Card title="Webhooks">
          <p className="text-sm text-slate-600">
            Tell other systems, or an AI orchestrator, when runs start and finish, checks complete, reviews arrive and tasks merge:{" "}
            <Link href="/settings/webhooks" className="font-medium text-indigo-700 hover:underline">
              manage webhooks
            </Link>
            .
          </p>
        </Card>
      ) : null}

      <Card title="API tokens">
        {tokens === null ? (
          <Forbidden message={`Your role (${actor.role}) cannot manage API tokens.`} />
        ) : (
          <div className="space-y-6">
            <p className="text-sm text-slate-600">
              Personal tokens let scripts, CI and AI orchestrators call the API as you: each can do what its scopes
              allow, never more than your role. Send one as{" "}
              <code className="rounded bg-slate-100 px-1 font-mono text-xs">Authorization: Bearer &lt;token&gt;</code>.
            </p>
            <CreateTokenForm scopes={scopesForRole(actor.role)} />
            {tokens.length === 0 ? (
              <EmptyState>You have no API tokens yet.</EmptyState>
            ) : (
              <Table label="API tokens" columns={["Name", "Token", "Scopes", "Created", "Expires", "Last used", "Status"]}>
                  {tokens.map((token) => (
                    <tr key={token.id} data-testid="api-token-row">
                      <td className="py-2 pr-4 font-medium text-slate-800">{token.name}</td>
                      <td className="py-2 pr-4 font-mono text-xs text-slate-600">{token.prefix}…</td>
                      <td className="py-2 pr-4 font-mono text-xs text-slate-600">{token.scopes.join(" ")}</td>
                      <td className="py-2 pr-4 text-slate-600">{formatDate(token.createdAt)}</td>
                      <td className="py-2 pr-4 text-slate-600">{token.expiresAt ? formatDate(token.expiresAt) : "Never"}</td>
                      <td className="py-2 pr-4 text-slate-600">{formatDate(token.lastUsedAt)}</td>
                      <td className="py-2">
                        {token.revokedAt ? (
                          <span className="inline-flex items-center gap-2">
                            <Badge tone="red">Revoked</Badge>
                            <span className="text-xs text-slate-500">{formatDate(token.revokedAt)}</span>
                          </span>
                        ) : token.expiresAt && token.expiresAt <= now ? (
                          <Badge tone="red">Expired</Badge>
                        ) : (
                          <RevokeTokenButton tokenId={token.id} tokenName={token.name} />
                        )}
                      </td>
                    </tr>
                  ))}
                </Table>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
