import { Badge } from "@/components/ui/badge";

const TONE = { delivered: "green", pending: "amber", failed: "red" } as const;

export function DeliveryStatusBadge({ status }: { status: keyof typeof TONE }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}
