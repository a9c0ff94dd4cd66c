import { checkDto } from "@/lib/checks/dto";
import { getCheckRun } from "@/lib/checks/queries";
import { apiRoute, json } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json(checkDto(await getCheckRun(actor, params.id))));
