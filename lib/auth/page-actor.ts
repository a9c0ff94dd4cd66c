import { redirect } from "next/navigation";
import { sessionActor } from "./actor.ts";
import type { Actor } from "./permissions.ts";

/** For pages: the signed-in actor, or a redirect to the sign-in page. */
export async function requirePageActor(): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) redirect("/signin");
  return actor;
}
