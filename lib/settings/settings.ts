import { z } from "zod";
import { prisma } from "../db/client.ts";

export const settingsSchema = z.object({
  globalConcurrency: z.number().int().min(1).max(64).default(4),
  /** On by default: without bubblewrap, runs and checks are refused until an admin turns this off knowingly. */
  requireSandbox: z.boolean().default(true),
  /** Bytes of output kept per run; past it a marker line, and the rest is dropped while the agent goes on. */
  runOutputCapBytes: z.number().int().min(1024).max(10 * 1024 ** 3).default(50 * 1024 ** 2),
  /** Disk a run's workspace (clone and home) may fill; past it the run is stopped and fails with "disk limit". */
  runDiskLimitBytes: z.number().int().min(1024 ** 2).max(1024 ** 4).default(5 * 1024 ** 3),
  /** Local checks running at once across the installation. */
  checkConcurrency: z.number().int().min(1).max(64).default(2),
  /** What one person's runs may cost per calendar day (UTC), in USD; null: no limit. */
  userDailyBudgetUsd: z
    .number({ error: "The daily budget per person must be a number of US dollars" })
    .positive("The daily budget per person must be more than $0")
    .max(1_000_000, "The daily budget per person must be at most $1,000,000")
    .nullable()
    .default(null),
  /** Off by default: webhooks to private and loopback addresses reach inside the server's network. */
  allowPrivateWebhookTargets: z.boolean().default(false),
});

export type Settings = z.output<typeof settingsSchema>;

/** Installation-wide settings, with defaults for what was never set. */
export async function getSettings(): Promise<Settings> {
  const rows = await prisma.setting.findMany();
  return settingsSchema.parse(Object.fromEntries(rows.map((row) => [row.key, row.value])));
}
