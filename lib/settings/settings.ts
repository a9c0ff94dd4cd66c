import { z } from "zod";
import { prisma } from "../db/client.ts";

export const settingsSchema = z.object({
  globalConcurrency: z.number().int().min(1).max(64).default(4),
  requireSandbox: z.boolean().default(false),
});

export type Settings = z.output<typeof settingsSchema>;

/** Installation-wide settings, with defaults for what was never set. */
export async function getSettings(): Promise<Settings> {
  const rows = await prisma.setting.findMany();
  return settingsSchema.parse(Object.fromEntries(rows.map((row) => [row.key, row.value])));
}
