"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deleteWebhookAction, redeliverWebhookAction } from "@/app/(app)/settings/webhooks/actions";
import { Button } from "@/components/ui/button";

type Action = { kind: "delete"; webhookId: string } | { kind: "redeliver"; webhookId: string; deliveryId: string };

const LABELS = { delete: ["Delete", "Deleting…"], redeliver: ["Redeliver", "Queuing…"] } as const;

/** Deletes a subscription, or sends one of its deliveries again; says why when refused. */
export function WebhookActionButton({ action, title }: { action: Action; title: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function act() {
    setError(null);
    startTransition(async () => {
      const result = action.kind === "delete" ? await deleteWebhookAction(action.webhookId) : await redeliverWebhookAction(action.webhookId, action.deliveryId);
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      if (action.kind === "delete") router.push("/settings/webhooks");
      router.refresh();
    });
  }

  const [label, busy] = LABELS[action.kind];
  return (
    <div className="flex flex-col items-start gap-1">
      <Button type="button" variant={action.kind === "delete" ? "danger" : "secondary"} onClick={act} disabled={pending} title={title}>
        {pending ? busy : label}
      </Button>
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
