// npm run token -- --email <user email> [--name <token name>]: creates a personal API token for that
// user and prints it alone on the last line.
import { parseArgs } from "node:util";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
  if (!values.email) throw new Error("usage: npm run token -- --email <user email> [--name <token name>]");

  const { provideDatabase } = await import("../lib/db/provide-database.ts");
  const { prisma } = await import("../lib/db/client.ts");
  const { createApiToken } = await import("../lib/auth/tokens/create-api-token.ts");

  const database = await provideDatabase();
  try {
    const user = await prisma.user.findUnique({ where: { email: values.email.trim().toLowerCase() } });
    if (!user || user.disabled) throw new Error(`No active user with email ${values.email}.`);
    const { token } = await createApiToken(user, { name: values.name ?? `cli ${new Date().toISOString()}` });
    console.error(`API token for ${user.email} (${user.role}); it is shown only now:`);
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
