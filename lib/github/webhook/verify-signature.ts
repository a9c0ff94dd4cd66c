import { createHmac, timingSafeEqual } from "node:crypto";

/** Whether `signature` (X-Hub-Signature-256: "sha256=<hex>") is the HMAC-SHA256 of the raw body with the secret. */
export function verifySignature(secret: string, body: Buffer, signature: string | null): boolean {
  if (!signature?.startsWith("sha256=")) return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
