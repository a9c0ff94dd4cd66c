import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { repositoryDto } from "@/lib/repositories/dto";
import { getRepository } from "@/lib/repositories/queries";
import { updateRepository } from "@/lib/repositories/update-repository";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) =>
  json(repositoryDto(await getRepository(actor, params.id))),
);

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  await updateRepository(actor, params.id, await readJson(request));
  return json(repositoryDto(await getRepository(actor, params.id)));
});
