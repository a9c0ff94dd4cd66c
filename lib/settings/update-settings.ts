import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { requirePermission, type Actor } from "../auth/permissions.ts";
import { prisma } from "../db/client.ts";
import { parseInput } from "../validation.ts";
import { settingsSchema } from "./settings.ts";

export const settingsChangeSchema = settingsSchema.partial().strict();

export async function updateSettings(actor: Actor | null, input: unknown) {
  requirePermission(actor, "settings.manage");
  const change = parseInput(settingsChangeSchema, input);
  await prisma.$transaction(async (tx) => {
    for (const [key, value] of Object.entries(change)) {
      // null is "back to the default": the row goes.
      if (value === null) await tx.setting.deleteMany({ where: { key } });
      else await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    }
    await recordAuditEvent(tx, { actorId: actor.id, action: "settings.updated", targetType: "settings", targetId: "global", data: change });
  });
}
