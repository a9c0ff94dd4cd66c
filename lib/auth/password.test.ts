import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.ts";

describe("password hashing", () => {
  it("verifies the password it hashed and rejects any other", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", stored)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash: the same password hashes differently twice, and both verify", async () => {
    const [first, second] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(first).not.toBe(second);
    expect(first.split("$")[4]).not.toBe(second.split("$")[4]);
    expect(await verifyPassword("same password", first)).toBe(true);
    expect(await verifyPassword("same password", second)).toBe(true);
  });

  it("treats canonically equivalent unicode spellings as the same password (NFKC)", async () => {
    const stored = await hashPassword("caf\u00e9-pass");
    expect(await verifyPassword("cafe\u0301-pass", stored)).toBe(true);
  });

  it("returns false for a missing stored hash", async () => {
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", undefined)).toBe(false);
    expect(await verifyPassword("anything", "")).toBe(false);
  });

  it("returns false for stored hashes of another scheme or with parts missing", async () => {
    const stored = await hashPassword("pw-123456");
    const [, cost, blockSize, parallelism, salt, key] = stored.split("$");
    for (const malformed of [
      "not a hash",
      "$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
      ["bcrypt", cost, blockSize, parallelism, salt, key].join("$"),
      ["scrypt", cost, blockSize, parallelism, salt].join("$"),
      ["scrypt", cost, blockSize, parallelism, "", key].join("$"),
      ["scrypt", cost, blockSize, parallelism, salt, ""].join("$"),
      ["scrypt", cost, blockSize, parallelism, salt, "dHJ1bmNhdGVk"].join("$"),
    ]) {
      expect(await verifyPassword("pw-123456", malformed), malformed).toBe(false);
    }
  });

  it("returns false, rather than throwing, when the stored scrypt parameters are not usable numbers", async () => {
    const stored = await hashPassword("pw-123456");
    const [, cost, blockSize, parallelism, salt, key] = stored.split("$");
    for (const malformed of [
      ["scrypt", "abc", blockSize, parallelism, salt, key].join("$"),
      ["scrypt", "", blockSize, parallelism, salt, key].join("$"),
      ["scrypt", "1000", blockSize, parallelism, salt, key].join("$"), // not a power of two
      ["scrypt", cost, "x", parallelism, salt, key].join("$"),
      ["scrypt", cost, blockSize, "-1", salt, key].join("$"),
    ]) {
      await expect(verifyPassword("pw-123456", malformed), malformed).resolves.toBe(false);
    }
  });
});
