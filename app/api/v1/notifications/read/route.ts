import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { markNotificationsRead } from "@/lib/notifications/mark-read";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async ({ actor, request }) => json(await markNotificationsRead(actor, await readJson(request))));
