import { afterAll, expect, it } from "vitest";
import { createUpstreamWithBranch } from "../../testing/git-fixtures.ts";
import { diffPatchStream } from "./diff-patch.ts";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

// A reader that leaves mid-stream (a page navigated away while its diff loaded): git's last output and
// its exit arrive after the stream was cancelled, and must not throw into the server (they did:
// "Invalid state: Controller is already closed", an uncaught exception).
it("a stream cancelled by its reader ignores what git still sends, and throws nothing", async () => {
  const big = Array.from({ length: 20_000 }, (_, n) => `line ${n} ${"x".repeat(60)}`).join("\n");
  const upstream = await createUpstreamWithBranch({ base: { "a.txt": "a\n" }, branch: { name: "feature/big", files: { "a.txt": `${big}\n`, "b.txt": `${big}\n` } } });
  cleanups.push(() => upstream.remove());
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on("uncaughtException", onUncaught);
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      const reader = diffPatchStream({ mirrorPath: upstream.path, base: upstream.baseSha, head: upstream.headSha! }).getReader();
      expect((await reader.read()).done).toBe(false);
      await reader.cancel();
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // git's exits arrive
  } finally {
    process.off("uncaughtException", onUncaught);
  }
  expect(uncaught.map(String)).toEqual([]);
});

it("is bounded in time like every git call: past its limit git is stopped and the stream says so", async () => {
  const big = Array.from({ length: 20_000 }, (_, n) => `line ${n} ${"x".repeat(60)}`).join("\n");
  const upstream = await createUpstreamWithBranch({ base: { "a.txt": "a\n" }, branch: { name: "feature/slow", files: { "a.txt": `${big}\n` } } });
  cleanups.push(() => upstream.remove());
  const range = { mirrorPath: upstream.path, base: upstream.baseSha, head: upstream.headSha! };
  // A reader that never reads leaves git blocked on a full pipe: only the limit ends it.
  const stalled = diffPatchStream(range, {}, 300).getReader();
  await new Promise((resolve) => setTimeout(resolve, 600));
  await expect(async () => {
    for (;;) if ((await stalled.read()).done) break;
  }).rejects.toThrow("git diff did not finish within 0.3 s");
  const whole = await new Response(diffPatchStream(range)).text();
  expect(whole).toContain("+line 19999");
});
