import { currentChecks } from "@/lib/checks/queries";
import { apiRoute, json } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json(await currentChecks(actor, params.id)));
