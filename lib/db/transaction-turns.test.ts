import { expect, test } from "vitest";
import { prisma } from "./client.ts";

// The embedded database runs one transaction at a time, so at the load this product is sold for
// (tens of concurrent runs and the requests around them) transactions queue for seconds. They must
// wait their turn, not fail the request that started them.
const CONCURRENT_TRANSACTIONS = 120;
const HELD_MS = 40;

test("many concurrent transactions each get their turn and all commit", { timeout: 60_000 }, async () => {
  await prisma.$executeRawUnsafe("CREATE TABLE IF NOT EXISTS turn_probe (n int PRIMARY KEY)");
  await prisma.$executeRawUnsafe("TRUNCATE turn_probe");
  const outcomes = await Promise.allSettled(
    Array.from({ length: CONCURRENT_TRANSACTIONS }, (_, n) =>
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("INSERT INTO turn_probe VALUES ($1)", n);
        // Work between statements, as a busy server's event loop adds it.
        await new Promise((resolve) => setTimeout(resolve, HELD_MS));
        await tx.$queryRawUnsafe("SELECT count(*) FROM turn_probe");
      }),
    ),
  );
  const failures = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [String(outcome.reason)] : []));
  expect(failures.slice(0, 3)).toEqual([]);
  const [row] = await prisma.$queryRawUnsafe<Array<{ count: bigint }>>("SELECT count(*) FROM turn_probe");
  expect(Number(row?.count)).toBe(CONCURRENT_TRANSACTIONS);
  await prisma.$executeRawUnsafe("DROP TABLE turn_probe");
});
