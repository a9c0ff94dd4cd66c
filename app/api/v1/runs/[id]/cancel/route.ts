import { apiRoute, json } from "@/lib/http/api-route";
import { cancelRun } from "@/lib/pipeline/cancel-run";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => json(await cancelRun(actor, params.id), 202));
