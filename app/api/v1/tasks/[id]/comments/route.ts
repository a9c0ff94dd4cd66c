import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createComment } from "@/lib/review/create-comment";
import { taskReviews } from "@/lib/review/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => json({ items: (await taskReviews(actor, params.id)).comments }));

export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) => json(await createComment(actor, params.id, await readJson(request)), 201));
