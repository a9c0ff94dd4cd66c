import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { updateUser } from "@/lib/users/update-user";
import { userDto } from "@/lib/users/dto";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const user = await updateUser(actor, params.id, await readJson(request));
  return json(userDto(user));
});
