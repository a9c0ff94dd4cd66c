import { apiRoute, json, readJson, searchParams } from "@/lib/http/api-route";
import { createTask } from "@/lib/tasks/create-task";
import { taskDto } from "@/lib/tasks/dto";
import { listTasks } from "@/lib/pipeline/list-tasks";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor, request }) => {
  const page = await listTasks(actor, searchParams(request));
  return json({ ...page, items: page.items.map(taskDto) });
});

export const POST = apiRoute(async ({ actor, request }) =>
  json(taskDto(await createTask(actor, await readJson(request))), 201),
);
