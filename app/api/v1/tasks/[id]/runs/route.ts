import { apiRoute, json } from "@/lib/http/api-route";
import { runDto } from "@/lib/runs/dto";
import { listTaskRuns } from "@/lib/runs/queries";
import { spawnRun } from "@/lib/pipeline/spawn-run";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) =>
  json({ items: (await listTaskRuns(actor, params.id)).map(runDto) }),
);

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const run = await spawnRun(actor, params.id);
  return json({ runId: run.id, status: run.status, run: runDto(run) }, 202);
});
