import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// Offline machines have no native schema engine (its download fails silently at install).
// `prisma generate` only needs one to exist; migrations go through the wasm engine (lib/db/migrate).
const enginesDir = path.join(process.cwd(), "node_modules/@prisma/engines");
const hasNativeEngine =
  existsSync(enginesDir) && readdirSync(enginesDir).some((file) => file.startsWith("schema-engine-"));
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !hasNativeEngine) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(process.cwd(), "scripts/no-schema-engine.sh");
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
