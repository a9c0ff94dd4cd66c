// npm run token -- --email <user email> [--name <token name>] [--scopes tasks:read,tasks:write|all]
// [--expires 2027-01-31]: creates a personal API token for that user and prints it alone on the last
// line. Without --scopes the token reads and writes but neither approves nor merges; `all` gives it
// every scope the user's role allows.
import { parseArgs } from "node:util";

const USAGE = "npm run token -- --email <user email> [--name <token name>] [--scopes tasks:read,tasks:write|all] [--expires YYYY-MM-DD]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, scopes: { type: "string" }, expires: { type: "string" } },
  });
  if (!values.email) throw new Error(`usage: ${USAGE}`);

  const { provideDatabase } = await import("../lib/db/provide-database.ts");
  const { prisma } = await import("../lib/db/client.ts");
  const { createApiToken } = await import("../lib/auth/tokens/create-api-token.ts");
  const { scopesForRole } = await import("../lib/auth/permissions.ts");
  const { AppError } = await import("../lib/errors.ts");

  const database = await provideDatabase();
  try {
    const user = await prisma.user.findUnique({ where: { email: values.email.trim().toLowerCase() } });
    if (!user || user.disabled) throw new Error(`No active user with email ${values.email}.`);
    const scopes = values.scopes === "all" ? scopesForRole(user.role) : values.scopes?.split(",").map((scope) => scope.trim());
    const input = { name: values.name ?? `cli ${new Date().toISOString()}`, scopes, expiresAt: values.expires };
    const { token, record } = await createApiToken(user, input).catch((error: unknown) => {
      if (error instanceof AppError && error.fields) throw new Error(Object.values(error.fields).join(" "));
      throw error;
    });
    console.error(`API token for ${user.email} (${user.role}), scopes ${record.scopes.join(", ")}; it is shown only now:`);
    console.log(token);
  } finally {
    await prisma.$disconnect();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
