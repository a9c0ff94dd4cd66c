import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { taskReviews } from "@/lib/review/queries";
import { submitReview } from "@/lib/pipeline/submit-review";
import { runDto } from "@/lib/runs/dto";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ items: (await taskReviews(actor, params.id)).reviews }));

export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const { review, run } = await submitReview(actor, params.id, await readJson(request));
  return json({ review, run: run ? runDto(run) : null }, 201);
});
