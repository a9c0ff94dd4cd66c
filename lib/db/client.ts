import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { poolConfig } from "./config.ts";

export type { Prisma } from "../generated/prisma/client.ts";

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ ...poolConfig(), max: 10 }) });
}

// One client per process, kept across hot reloads in development.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma: PrismaClient = globalForPrisma.prisma ?? createClient();
globalForPrisma.prisma = prisma;
