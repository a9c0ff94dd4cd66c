// The shared lease against the real database: one holder at a time, in order, across what would be
// separate processes (each holder is its own acquisition), renewed while held, freed when it runs out.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { prisma } from "./client.ts";
import { withLease } from "./lease.ts";

const unique = (prefix: string) => `${prefix}:${Math.random().toString(36).slice(2)}`;

describe("withLease", () => {
  it("lets one holder at a time run, the others waiting their turn", async () => {
    const name = unique("test");
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        withLease(
          name,
          async () => {
            inside += 1;
            most = Math.max(most, inside);
            await sleep(5);
            order.push(index);
            inside -= 1;
          },
          { busy: "test" },
        ),
      ),
    );
    expect(most).toBe(1);
    expect(order).toHaveLength(20);
    expect(await prisma.lease.count({ where: { name } })).toBe(0);
  });

  it("waits for a lease another process holds, and takes over one whose holder died once it runs out", async () => {
    const name = unique("test");
    // Another process's lease, held now: a renewed one, then one left by a holder that died.
    await prisma.$executeRaw`INSERT INTO "Lease" (name, holder, "expiresAt") VALUES (${name}, 'other-host:1:x', now() AT TIME ZONE 'UTC' + interval '400 milliseconds')`;
    const started = Date.now();
    await withLease(name, async () => undefined, { busy: "test" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("renews the lease while its holder works, so a long task keeps it", async () => {
    const name = unique("test");
    const held = await withLease(
      name,
      async () => {
        await sleep(700); // past the 300 ms lease, renewed every 100 ms
        return prisma.lease.findUniqueOrThrow({ where: { name } });
      },
      { busy: "test", leaseMs: 300 },
    );
    expect(held.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(held.acquiredAt.getTime()).toBeLessThan(Date.now() - 600);
  });

  it("answers 503, saying what is busy, when the wait runs out", async () => {
    const name = unique("test");
    await prisma.$executeRaw`INSERT INTO "Lease" (name, holder, "expiresAt") VALUES (${name}, 'other-host:1:x', now() AT TIME ZONE 'UTC' + interval '1 minute')`;
    await expect(withLease(name, async () => undefined, { busy: "Another merge of this repository", waitMs: 100 })).rejects.toMatchObject({
      code: "unavailable",
      message: "Another merge of this repository is still going on; try again in a moment.",
    });
  });
});
