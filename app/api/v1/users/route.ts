import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createUser } from "@/lib/users/create-user";
import { userDto } from "@/lib/users/dto";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async ({ actor, request }) => {
  const user = await createUser(actor, await readJson(request));
  return json(userDto(user), 201);
});
