import pino from "pino";
import pretty from "pino-pretty";
import { env } from "./env.mjs";

/**
 * The server's one logger: JSON lines with levels (for a log collector) in production, pretty lines in
 * development or with LOG_FORMAT=pretty. Give context as fields through a child logger —
 * `logger.child({ runId, taskId })`, `{ requestId }` — never inside the message.
 */
function createLogger() {
  const options = { level: env.LOG_LEVEL, base: { pid: process.pid } };
  const format = env.LOG_FORMAT ?? (env.NODE_ENV === "production" ? "json" : "pretty");
  // Synchronous pretty printing on this thread: pino's transports start their own thread, which Next's bundle cannot load.
  return format === "pretty" ? pino(options, pretty({ sync: true, colorize: process.stdout.isTTY, ignore: "pid,hostname", translateTime: "HH:MM:ss.l" })) : pino(options);
}

const globalForLogger = globalThis as unknown as { logger?: pino.Logger };
export const logger: pino.Logger = globalForLogger.logger ?? createLogger();
globalForLogger.logger = logger;

export type Logger = pino.Logger;
