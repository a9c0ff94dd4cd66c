import { AppError } from "../errors.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { roleAtLeast } from "./roles.ts";

export interface Actor {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

/** The lowest role allowed to do each thing; the one table every guard reads. */
export const MINIMUM_ROLE = {
  "task.view": "viewer",
  "task.create": "operator",
  "task.useCommandAgent": "maintainer",
  "run.spawn": "operator",
  "run.cancel": "operator",
  "check.rerun": "operator",
  "repository.view": "viewer",
  "repository.manage": "maintainer",
  "review.comment": "operator",
  "review.decide": "maintainer",
  "review.request": "operator",
  "task.merge": "maintainer",
  "task.close": "operator",
  "token.manageOwn": "viewer",
  "user.manage": "admin",
  "settings.manage": "admin",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof MINIMUM_ROLE;

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  return !!actor && roleAtLeast(actor.role, MINIMUM_ROLE[permission]);
}

/** Throws 401 without an actor and 403 when the actor's role is too low. */
export function requirePermission(actor: Actor | null | undefined, permission: Permission): asserts actor is Actor {
  if (!actor) throw new AppError("unauthorized", "Sign in or send a valid API token.");
  if (!can(actor, permission)) {
    throw new AppError(
      "forbidden",
      `Your role (${actor.role}) cannot do this: ${permission} needs ${MINIMUM_ROLE[permission]} or above.`,
    );
  }
}
