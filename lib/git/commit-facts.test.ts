import { describe, expect, it } from "vitest";
import { rememberCommitFact } from "./commit-facts.ts";

describe("rememberCommitFact", () => {
  it("computes an answer once, asks again for one it was told not to keep, and forgets the least recently used past 1,000", async () => {
    let computed = 0;
    const ask = (key: string, answer: string, keep?: (answer: string) => boolean) =>
      rememberCommitFact(["test", key], async () => {
        computed++;
        return answer;
      }, keep);

    expect(await ask("a", "yes")).toBe("yes");
    expect(await ask("a", "no")).toBe("yes");
    expect(computed).toBe(1);

    expect(await ask("failed", "error", () => false)).toBe("error");
    expect(await ask("failed", "later", () => false)).toBe("later");
    expect(computed).toBe(3);

    for (let n = 0; n < 999; n++) await ask(`filler-${n}`, "x");
    await ask("a", "yes"); // used again: the oldest is now filler-0
    await ask("one-more", "x");
    computed = 0;
    await ask("a", "yes");
    await ask("filler-0", "x");
    expect(computed).toBe(1);
  });

  it("does not remember a failure", async () => {
    await expect(rememberCommitFact(["test", "throws"], () => Promise.reject(new Error("git failed")))).rejects.toThrow("git failed");
    expect(await rememberCommitFact(["test", "throws"], () => Promise.resolve("answered"))).toBe("answered");
  });
});
