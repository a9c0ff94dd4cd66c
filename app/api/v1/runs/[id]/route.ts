import { apiRoute, json } from "@/lib/http/api-route";
import { runDto } from "@/lib/runs/dto";
import { getRun } from "@/lib/runs/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json(runDto(await getRun(actor, params.id))));
