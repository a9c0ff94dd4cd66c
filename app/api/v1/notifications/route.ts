import { apiRoute, json } from "@/lib/http/api-route";
import { listNotifications } from "@/lib/notifications/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor }) => json(await listNotifications(actor)));
