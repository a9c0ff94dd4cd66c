// @ts-check
// The validated environment: imported by next.config.mjs so a bad value stops `next build`/`next start`
// with a clear message, and by every server module that reads configuration.
import path from "node:path";
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The address the dashboard listens on: loopback unless exposed on purpose (0.0.0.0, behind a TLS proxy). */
  HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]+$/, "must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0")
    .default("127.0.0.1"),
  DATA_DIR: z
    .string()
    .trim()
    .min(1)
    .default("./.data")
    .transform((dir) => path.resolve(dir)),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  /** How much the server logs: fatal, error, warn, info (default), debug, trace or silent. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** JSON lines (the default in production, for a log collector) or pretty lines for a person. */
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  AUTH_SECRET: optionalText.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  ADMIN_EMAIL: optionalText.pipe(z.email("must be an email address").optional()),
  ADMIN_PASSWORD: optionalText.pipe(z.string().min(8, "must be at least 8 characters").optional()),
  GITHUB_ID: optionalText,
  GITHUB_SECRET: optionalText,
  /** The secret GitHub signs webhook deliveries with (X-Hub-Signature-256); without it webhooks are refused. */
  GITHUB_WEBHOOK_SECRET: optionalText,
  /** The dashboard's public address, for links in webhook payloads (default: http://HOST:PORT). */
  NEXTAUTH_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional()),
  /** "true": webhooks may target private and loopback addresses without the admin setting (tests' receivers). */
  WEBHOOKS_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
  /** The first retry of a failed webhook delivery waits this long; each next one four times longer, within 24 h. */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0.05).max(3600).default(5),
  /** "none": agents and checks run as plain process groups even where bubblewrap works, as on a host without it. */
  SANDBOX: z.enum(["auto", "none"]).default("auto"),
});

/** @param {NodeJS.ProcessEnv} source */
export function parseEnv(source) {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return result.data;
}

export const env = parseEnv(process.env);
