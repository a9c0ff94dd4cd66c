import { apiRoute, hasContentType, json, readJson, searchParams } from "@/lib/http/api-route";
import { createTask } from "@/lib/tasks/create-task";
import { createTaskFromMarkdown, markdownTaskInput } from "@/lib/tasks/create-task-from-markdown";
import { taskDto } from "@/lib/tasks/dto";
import { listTasks } from "@/lib/pipeline/list-tasks";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor, request }) => {
  const page = await listTasks(actor, searchParams(request));
  return json({ ...page, items: page.items.map(taskDto) });
});

// A spec arrives as JSON fields, as JSON with `markdown`, or as a text/markdown body with ?repositoryId=.
export const POST = apiRoute(async ({ actor, request }) => {
  const body = hasContentType(request, "text/markdown")
    ? markdownTaskInput(await request.text(), new URL(request.url).searchParams)
    : await readJson(request);
  if (body && typeof body === "object" && "markdown" in body) {
    const { task, unmapped } = await createTaskFromMarkdown(actor, body);
    return json({ ...taskDto(task), unmapped }, 201);
  }
  return json(taskDto(await createTask(actor, body)), 201);
});
