import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createRepository } from "@/lib/repositories/create-repository";
import { repositoryDto } from "@/lib/repositories/dto";
import { listRepositories } from "@/lib/repositories/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor }) => json({ items: (await listRepositories(actor)).map(repositoryDto) }));

export const POST = apiRoute(async ({ actor, request }) =>
  json(repositoryDto(await createRepository(actor, await readJson(request))), 201),
);
