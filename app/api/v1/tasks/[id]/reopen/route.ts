import { apiRoute, json } from "@/lib/http/api-route";
import { taskDto } from "@/lib/tasks/dto";
import { reopenTask } from "@/lib/pipeline/reopen-task";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => json(taskDto(await reopenTask(actor, params.id))));
