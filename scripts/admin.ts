// npm run admin -- reset-password --email <email> [--password-stdin]: sets a new password for a user
// (and re-enables the account), printing a random one alone on the last line unless one is piped in.
// Works while the server runs, against the same database.
import { parseArgs } from "node:util";

const USAGE = "usage: npm run admin -- reset-password --email <email> [--password-stdin]";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { email: { type: "string" }, "password-stdin": { type: "boolean", default: false } } });
  if (positionals[0] !== "reset-password" || !values.email) throw new Error(USAGE);
  const password = values["password-stdin"] ? await readStdin() : undefined;

  const { provideDatabase } = await import("../lib/db/provide-database.ts");
  const { prisma } = await import("../lib/db/client.ts");
  const { resetPassword } = await import("../lib/users/reset-password.ts");
  const database = await provideDatabase();
  try {
    const result = await resetPassword(values.email, password);
    if (result.generatedPassword) {
      console.error(`New password for ${result.email}; it is shown only now:`);
      console.log(result.generatedPassword);
    } else {
      console.error(`Password of ${result.email} changed.`);
    }
  } finally {
    await prisma.$disconnect();
    await database.close();
  }
}

main().catch((error: unknown) => {
  const fields = (error as { fields?: Record<string, string> }).fields;
  console.error(fields ? Object.values(fields).join("; ") : error instanceof Error ? error.message : String(error));
  process.exit(1);
});
