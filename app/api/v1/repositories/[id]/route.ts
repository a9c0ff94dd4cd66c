import { apiRoute, json } from "@/lib/http/api-route";
import { repositoryDto } from "@/lib/repositories/dto";
import { getRepository } from "@/lib/repositories/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) =>
  json(repositoryDto(await getRepository(actor, params.id))),
);
