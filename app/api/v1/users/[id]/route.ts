import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { updateUser } from "@/lib/users/update-user";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const user = await updateUser(actor, params.id, await readJson(request));
  return json({ id: user.id, email: user.email, name: user.name, role: user.role, disabled: user.disabled });
});
