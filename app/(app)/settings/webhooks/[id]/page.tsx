import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/forbidden";
import { Card, EmptyState } from "@/components/ui/card";
import { DeliveryStatusBadge } from "@/components/webhooks/delivery-status-badge";
import { DeleteWebhookButton, RedeliverButton } from "@/components/webhooks/webhook-buttons";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhooks";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Webhook deliveries" };

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export default async function WebhookDeliveriesPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ before?: string }> }) {
  const actor = await requirePageActor();
  if (!can(actor, "webhook.manage")) return <Forbidden message={`Your role (${actor.role}) cannot manage webhooks: maintainers and admins can.`} />;
  const { id } = await params;
  const { before } = await searchParams;
  const page = await listWebhookDeliveries(actor, id, { before }).catch((error: unknown) => {
    if (error instanceof AppError) return error;
    throw error;
  });
  if (page instanceof AppError) return <Forbidden message={page.message} />;
  const { subscription, messages, nextBefore } = page;

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <Link href="/settings/webhooks" className="text-sm text-indigo-700 hover:underline">
            ← Webhooks
          </Link>
          <h1 className="break-all text-xl font-semibold text-slate-900">{subscription.url}</h1>
          <p className="font-mono text-xs text-slate-500">{subscription.events.join(" ")}</p>
        </div>
        <DeleteWebhookButton webhookId={subscription.id} url={subscription.url} />
      </div>
      <Card title="Recent deliveries">
        {messages.length === 0 ? (
          <EmptyState>Nothing sent yet: deliveries appear here as events happen.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Deliveries">
            {messages.map((message) => {
              const last = message.attempts[0];
              return (
                <li key={message.id} data-testid="webhook-delivery" className="py-3">
                  <details>
                    <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                      <DeliveryStatusBadge status={message.status} />
                      <code className="font-mono text-xs">{message.event}</code>
                      <span className="text-slate-500">{formatTime(message.createdAt)}</span>
                      {last ? (
                        <span className="text-slate-600">
                          {last.statusCode ?? "no answer"} · {last.durationMs} ms · {message.attemptCount} {message.attemptCount === 1 ? "attempt" : "attempts"}
                        </span>
                      ) : null}
                      {message.status === "pending" && message.nextAttemptAt ? <span className="text-slate-500">next try {formatTime(message.nextAttemptAt)}</span> : null}
                    </summary>
                    <div className="mt-3 space-y-3">
                      <RedeliverButton webhookId={subscription.id} deliveryId={message.id} />
                      <p className="font-mono text-xs text-slate-500">webhook-id: {message.id}</p>
                      <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs text-slate-800">{JSON.stringify(JSON.parse(message.body), null, 2)}</pre>
                      <ol className="space-y-2" aria-label="Attempts">
                        {message.attempts.map((attempt) => (
                          <li key={attempt.createdAt.toISOString()} className="rounded border border-slate-200 p-2 text-xs">
                            <p className="text-slate-700">
                              {formatTime(attempt.createdAt)} · {attempt.statusCode ?? "no answer"} · {attempt.durationMs} ms
                              {attempt.error ? ` · ${attempt.error}` : ""}
                            </p>
                            {attempt.responseExcerpt ? <pre className="mt-1 overflow-auto whitespace-pre-wrap break-all text-slate-600">{attempt.responseExcerpt}</pre> : null}
                          </li>
                        ))}
                      </ol>
                    </div>
                  </details>
                </li>
              );
            })}
          </ul>
        )}
        {nextBefore ? (
          <Link href={`/settings/webhooks/${subscription.id}?before=${nextBefore}`} className="mt-3 inline-block text-sm text-indigo-700 hover:underline">
            Older deliveries →
          </Link>
        ) : null}
      </Card>
    </>
  );
}
