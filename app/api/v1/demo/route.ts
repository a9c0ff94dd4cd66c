import { apiRoute, json } from "@/lib/http/api-route";
import { createDemo } from "@/lib/demo/create-demo";
import { taskDto } from "@/lib/tasks/dto";

export const dynamic = "force-dynamic";

/** "Try a demo": the sample repository and task, with its first run queued. */
export const POST = apiRoute(async ({ actor }) => json(taskDto(await createDemo(actor)), 201));
