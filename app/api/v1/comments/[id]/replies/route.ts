import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { replyToComment } from "@/lib/review/reply-to-comment";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) => json(await replyToComment(actor, params.id, await readJson(request)), 201));
