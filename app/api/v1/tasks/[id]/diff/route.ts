import { apiRoute, json } from "@/lib/http/api-route";
import { diffPatchStream } from "@/lib/review/diff/diff-patch";
import { taskDiffFiles, taskDiffRange } from "@/lib/review/diff/task-diff";

export const dynamic = "force-dynamic";

/**
 * The task branch's diff against its merge base: the unified patch as text (`?path=` repeated: only
 * those files), or with `?format=json` the file list with stats; `?run=<id>` for one run's changes,
 * `?since=<sha>` for the changes since an earlier head of the task.
 */
export const GET = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const query = new URL(request.url).searchParams;
  const scope = { run: query.get("run") ?? undefined, since: query.get("since") ?? undefined };
  if (query.get("format") === "json") return json(await taskDiffFiles(actor, params.id, scope));
  const range = await taskDiffRange(actor, params.id, scope);
  const paths = query.getAll("path");
  const body = diffPatchStream(range, paths.length > 0 ? { paths } : { binary: true });
  return new Response(body, { headers: { "content-type": "text/x-diff; charset=utf-8", "x-diff-base": range.base, "x-diff-head": range.head } });
});
