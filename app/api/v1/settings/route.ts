import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { getSettings } from "@/lib/settings/settings";
import { updateSettings } from "@/lib/settings/update-settings";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute(async ({ actor, request }) => {
  await updateSettings(actor, await readJson(request));
  return json(await getSettings());
});
