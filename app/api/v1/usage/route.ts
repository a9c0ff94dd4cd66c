import { apiRoute, json, searchParams } from "@/lib/http/api-route";
import { usageReport } from "@/lib/runs/usage-report";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor, request }) => json(await usageReport(actor, searchParams(request))));
