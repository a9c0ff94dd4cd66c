import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { poolConfig } from "./config.ts";

export type { Prisma } from "../generated/prisma/client.ts";

/**
 * How long a transaction may wait to start. Prisma's default (2 s) assumes a server that runs
 * transactions side by side; the embedded database runs one at a time, so under load a transaction
 * queues behind the others for seconds and must wait its turn rather than fail its request. Past
 * this, the request answers 503 with Retry-After (lib/errors.ts).
 */
const TRANSACTION_MAX_WAIT_MS = 30_000;

function createClient(): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ ...poolConfig(), max: 10 }),
    transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: 15_000 },
  });
}

// One client per process, kept across hot reloads in development.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma: PrismaClient = globalForPrisma.prisma ?? createClient();
globalForPrisma.prisma = prisma;
