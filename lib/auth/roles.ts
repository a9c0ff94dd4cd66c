import type { Role } from "../generated/prisma/enums.ts";

export const ROLES = ["viewer", "operator", "maintainer", "admin"] as const satisfies readonly Role[];

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
