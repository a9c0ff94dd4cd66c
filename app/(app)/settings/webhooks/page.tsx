import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/forbidden";
import { Card, EmptyState } from "@/components/ui/card";
import { Table } from "@/components/ui/table";
import { CreateWebhookForm } from "@/components/webhooks/create-webhook-form";
import { DeliveryStatusBadge } from "@/components/webhooks/delivery-status-badge";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { listRepositories } from "@/lib/repositories/queries";
import { listWebhooks } from "@/lib/webhooks/list-webhooks";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const actor = await requirePageActor();
  if (!can(actor, "webhook.manage")) return <Forbidden message={`Your role (${actor.role}) cannot manage webhooks: maintainers and admins can.`} />;
  const [webhooks, repositories] = await Promise.all([listWebhooks(actor), listRepositories(actor)]);
  const repositoryName = new Map(repositories.map((repository) => [repository.id, repository.name]));

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Webhooks</h1>
      <Card title="Add a webhook">
        <p className="mb-4 text-sm text-slate-600">
          Each event is POSTed as JSON signed per{" "}
          <a className="text-indigo-700 underline" href="https://www.standardwebhooks.com/">
            Standard Webhooks
          </a>{" "}
          (webhook-id, webhook-timestamp and webhook-signature headers), retried with growing delays for up to a day until a 2xx answer.
          The OpenClaw preset wakes an OpenClaw agent with what happened and what to do next.
        </p>
        <CreateWebhookForm repositories={repositories.map(({ id, name }) => ({ id, name }))} installationWide={can(actor, "settings.manage")} />
      </Card>
      <Card title="Subscriptions">
        {webhooks.length === 0 ? (
          <EmptyState>No webhooks yet.</EmptyState>
        ) : (
          <Table label="Webhooks" columns={["URL", "Repository", "Events", "Format", "Last delivery"]} stacked>
            {webhooks.map((webhook) => {
              const last = webhook.messages[0];
              return (
                <tr key={webhook.id} data-testid="webhook-row" className="block py-2 sm:table-row sm:py-0">
                  <td className="block break-all py-1 pr-4 sm:table-cell sm:py-2">
                    <Link href={`/settings/webhooks/${webhook.id}`} className="font-medium text-indigo-700 hover:underline">
                      {webhook.url}
                    </Link>
                  </td>
                  <td className="block py-1 pr-4 text-slate-600 sm:table-cell sm:py-2">{webhook.repositoryId ? (repositoryName.get(webhook.repositoryId) ?? webhook.repositoryId) : "Every repository"}</td>
                  <td className="block py-1 pr-4 font-mono text-xs text-slate-600 sm:table-cell sm:py-2">{webhook.events.join(" ")}</td>
                  <td className="block py-1 pr-4 text-slate-600 sm:table-cell sm:py-2">{webhook.format === "openclaw" ? "OpenClaw" : "Standard"}</td>
                  <td className="block py-1 sm:table-cell sm:py-2">
                    {last ? (
                      <span className="inline-flex items-center gap-2">
                        <DeliveryStatusBadge status={last.status} />
                        <span className="font-mono text-xs text-slate-500">{last.event}</span>
                      </span>
                    ) : (
                      <span className="text-slate-500">None yet</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </Card>
    </>
  );
}
