import { AppError } from "../errors.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { roleAtLeast } from "./roles.ts";
import { TOKEN_SCOPES, type TokenScope } from "./scopes.ts";

export interface Actor {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** The API token this request came with: its scopes narrow what the role allows. */
  token?: { id: string; name: string; scopes: readonly TokenScope[] };
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
  "review.approve": "maintainer",
  "review.request": "operator",
  "task.merge": "maintainer",
  "task.close": "operator",
  "token.manageOwn": "viewer",
  "user.manage": "admin",
  "settings.manage": "admin",
  "webhook.manage": "maintainer",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof MINIMUM_ROLE;

/** The scope a token needs for each permission, besides its user's role. */
export const REQUIRED_SCOPE = {
  "task.view": "tasks:read",
  "task.create": "tasks:write",
  "task.useCommandAgent": "tasks:write",
  "run.spawn": "tasks:write",
  "run.cancel": "tasks:write",
  "check.rerun": "tasks:write",
  "repository.view": "tasks:read",
  "repository.manage": "admin",
  "review.comment": "tasks:write",
  "review.decide": "tasks:write",
  "review.approve": "reviews:approve",
  "review.request": "tasks:write",
  "task.merge": "merge",
  "task.close": "tasks:write",
  "token.manageOwn": "admin",
  "user.manage": "admin",
  "settings.manage": "admin",
  "webhook.manage": "admin",
} as const satisfies Record<Permission, TokenScope>;

/**
 * Every scope a user of `role` may give a token (what `--scopes all` means): those of the permissions
 * the role has. A token never holds a scope its user's role could not use.
 */
export function scopesForRole(role: Role): TokenScope[] {
  const permissions = Object.keys(MINIMUM_ROLE) as Permission[];
  return TOKEN_SCOPES.filter((scope) => permissions.some((permission) => REQUIRED_SCOPE[permission] === scope && roleAtLeast(role, MINIMUM_ROLE[permission])));
}

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  return !!actor && roleAtLeast(actor.role, MINIMUM_ROLE[permission]) && hasScope(actor, permission);
}

function hasScope(actor: Actor, permission: Permission): boolean {
  return !actor.token || actor.token.scopes.includes(REQUIRED_SCOPE[permission]);
}

/** Throws 401 without an actor, and 403 when the actor's role, or its token's scopes, are too low. */
export function requirePermission(actor: Actor | null | undefined, permission: Permission): asserts actor is Actor {
  if (!actor) throw new AppError("unauthorized", "Sign in or send a valid API token.");
  if (!roleAtLeast(actor.role, MINIMUM_ROLE[permission])) {
    throw new AppError(
      "forbidden",
      `Your role (${actor.role}) cannot do this: ${permission} needs ${MINIMUM_ROLE[permission]} or above.`,
    );
  }
  if (!hasScope(actor, permission)) {
    throw new AppError(
      "forbidden",
      `The token "${actor.token!.name}" lacks the ${REQUIRED_SCOPE[permission]} scope that ${permission} needs: ask its owner for a token with it.`,
    );
  }
}
