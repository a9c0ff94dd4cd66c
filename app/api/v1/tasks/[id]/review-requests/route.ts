import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { taskReviewRequests } from "@/lib/review/review-request-queries";
import { requestReview } from "@/lib/review/request-review";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ items: await taskReviewRequests(actor, params.id) }));

export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const result = await requestReview(actor, params.id, await readJson(request));
  return json({ ...result, items: await taskReviewRequests(actor, params.id) }, 201);
});
