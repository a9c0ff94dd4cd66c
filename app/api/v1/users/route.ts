import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createUser } from "@/lib/users/create-user";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async ({ actor, request }) => {
  const user = await createUser(actor, await readJson(request));
  return json({ ...user, createdAt: user.createdAt.toISOString() }, 201);
});
