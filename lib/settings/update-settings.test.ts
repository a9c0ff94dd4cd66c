import { expect, it } from "vitest";
import { prisma } from "../db/client.ts";
import { createTestActor, withAdminTurn } from "../testing/factories.ts";
import { rejection } from "../testing/rejection.ts";
import { getSettings } from "./settings.ts";
import { updateSettings } from "./update-settings.ts";

it("admins change installation settings; others and bad values change nothing", () =>
  withAdminTurn(async () => {
    const admin = await createTestActor("admin");
    const maintainer = await createTestActor("maintainer");
    const before = await getSettings();
    try {
      expect((await rejection(updateSettings(maintainer, { requireSandbox: true }))).code).toBe("forbidden");
      for (const change of [{ globalConcurrency: 0 }, { globalConcurrency: 1.5 }, { requireSandbox: "yes" }, { unknown: 1 }, { userDailyBudgetUsd: 0 }, { userDailyBudgetUsd: "ten" }]) {
        expect((await rejection(updateSettings(admin, change))).code).toBe("validation_failed");
      }
      expect(await getSettings()).toEqual(before);

      await updateSettings(admin, { requireSandbox: !before.requireSandbox, globalConcurrency: 7 });
      expect(await getSettings()).toEqual({ ...before, requireSandbox: !before.requireSandbox, globalConcurrency: 7 });
      expect(await prisma.auditEvent.count({ where: { actorId: admin.id, action: "settings.updated" } })).toBe(1);

      await updateSettings(admin, { userDailyBudgetUsd: 12.5 });
      expect((await getSettings()).userDailyBudgetUsd).toBe(12.5);
      await updateSettings(admin, { userDailyBudgetUsd: null });
      expect((await getSettings()).userDailyBudgetUsd).toBeNull();
    } finally {
      await prisma.setting.deleteMany({ where: { key: { in: ["requireSandbox", "globalConcurrency", "userDailyBudgetUsd"] } } });
    }
  }));
