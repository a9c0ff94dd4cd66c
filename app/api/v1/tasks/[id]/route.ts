import { apiRoute, json } from "@/lib/http/api-route";
import { taskDto } from "@/lib/tasks/dto";
import { getTask } from "@/lib/tasks/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json(taskDto(await getTask(actor, params.id))));
