import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { closeTask } from "@/lib/pipeline/close-task";
import { taskDto } from "@/lib/tasks/dto";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) => json(taskDto(await closeTask(actor, params.id, await readJson(request)))));
