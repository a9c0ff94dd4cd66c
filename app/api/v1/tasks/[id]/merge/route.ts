import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { mergeStatus } from "@/lib/merge/merge-status";
import { mergeTask } from "@/lib/pipeline/merge-task";

export const dynamic = "force-dynamic";

/** Every merge condition for the current head with its state (or the merge, once done). */
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json(await mergeStatus(actor, params.id)));

/** The guarded merge: `{headSha, method}`; 409 "head moved" or "already merged", 422 with the unmet conditions. */
export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const { merge, branchNote } = await mergeTask(actor, params.id, await readJson(request));
  return json({ merge, note: branchNote }, 201);
});
