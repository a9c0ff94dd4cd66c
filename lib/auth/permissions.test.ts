import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { can, MINIMUM_ROLE, REQUIRED_SCOPE, requirePermission, type Actor, type Permission } from "./permissions.ts";
import { TOKEN_SCOPES, type TokenScope } from "./scopes.ts";

const ROLES = ["viewer", "operator", "maintainer", "admin"] as const satisfies readonly Role[];

// Written out by hand on purpose: a change to MINIMUM_ROLE must be mirrored here deliberately.
//                                      viewer operator maintainer admin
const EXPECTED: Record<Permission, [boolean, boolean, boolean, boolean]> = {
  "task.view": /*                  */ [true, true, true, true],
  "task.create": /*                */ [false, true, true, true],
  "task.useCommandAgent": /*       */ [false, false, true, true],
  "run.spawn": /*                  */ [false, true, true, true],
  "run.cancel": /*                 */ [false, true, true, true],
  "check.rerun": /*                */ [false, true, true, true],
  "repository.view": /*            */ [true, true, true, true],
  "repository.manage": /*          */ [false, false, true, true],
  "review.comment": /*             */ [false, true, true, true],
  "review.decide": /*              */ [false, false, true, true],
  "review.approve": /*             */ [false, false, true, true],
  "review.request": /*             */ [false, true, true, true],
  "task.close": /*                 */ [false, true, true, true],
  "task.merge": /*                 */ [false, false, true, true],
  "token.manageOwn": /*            */ [true, true, true, true],
  "user.manage": /*                */ [false, false, false, true],
  "settings.manage": /*            */ [false, false, false, true],
  "webhook.manage": /*             */ [false, false, true, true],
};

const actor = (role: Role): Actor => ({ id: `id-${role}`, email: `${role}@example.test`, name: null, role });

const cases = (Object.keys(EXPECTED) as Permission[]).flatMap((permission) =>
  ROLES.map((role, index) => ({ permission, role, allowed: EXPECTED[permission][index]! })),
);

describe("permission table", () => {
  it("covers exactly the permissions the application defines", () => {
    expect(Object.keys(MINIMUM_ROLE).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(cases)("can($role, $permission) is $allowed", ({ permission, role, allowed }) => {
    expect(can(actor(role), permission)).toBe(allowed);
  });

  it.each(Object.keys(EXPECTED) as Permission[])("nobody signed in cannot %s", (permission) => {
    expect(can(null, permission)).toBe(false);
    expect(can(undefined, permission)).toBe(false);
  });
});

describe("requirePermission", () => {
  function thrown(run: () => void): AppError {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    }
    throw new Error("expected requirePermission to throw");
  }

  it("throws unauthorized (401) without an actor", () => {
    for (const missing of [null, undefined]) {
      const error = thrown(() => requirePermission(missing, "task.view"));
      expect(error.code).toBe("unauthorized");
      expect(error.status).toBe(401);
    }
  });

  it.each(cases.filter((entry) => !entry.allowed))("throws forbidden (403) for $role on $permission", ({ permission, role }) => {
    const error = thrown(() => requirePermission(actor(role), permission));
    expect(error.code).toBe("forbidden");
    expect(error.status).toBe(403);
    expect(error.message).toContain(role);
  });

  it.each(cases.filter((entry) => entry.allowed))("lets $role through on $permission", ({ permission, role }) => {
    expect(() => requirePermission(actor(role), permission)).not.toThrow();
  });
});

describe("a token's scopes", () => {
  const withToken = (role: Role, scopes: TokenScope[]): Actor => ({ ...actor(role), token: { id: "t1", name: "openclaw", scopes } });

  it("narrow what the role allows and never widen it", () => {
    for (const permission of Object.keys(EXPECTED) as Permission[]) {
      ROLES.forEach((role, index) => {
        for (const scope of TOKEN_SCOPES) {
          const allowed = EXPECTED[permission][index]! && REQUIRED_SCOPE[permission] === scope;
          expect(can(withToken(role, [scope]), permission), `${role} ${scope} ${permission}`).toBe(allowed);
        }
        expect(can(withToken(role, [...TOKEN_SCOPES]), permission)).toBe(EXPECTED[permission][index]);
      });
    }
  });

  it("are named in the refusal, so the caller knows which token to ask for", () => {
    try {
      requirePermission(withToken("admin", ["tasks:read", "tasks:write"]), "task.merge");
      throw new Error("allowed");
    } catch (error) {
      expect((error as AppError).code).toBe("forbidden");
      expect((error as AppError).message).toBe('The token "openclaw" lacks the merge scope that task.merge needs: ask its owner for a token with it.');
    }
  });
});
