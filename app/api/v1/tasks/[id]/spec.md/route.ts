import { apiRoute } from "@/lib/http/api-route";
import { getTask } from "@/lib/tasks/queries";
import { renderSpecMarkdown, taskMarkdownSpec } from "@/lib/tasks/spec-markdown";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const task = await getTask(actor, params.id);
  return new Response(renderSpecMarkdown(taskMarkdownSpec(task)), {
    headers: { "content-type": "text/markdown; charset=utf-8" },
  });
});
