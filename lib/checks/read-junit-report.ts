import { open, realpath } from "node:fs/promises";
import path from "node:path";
import { type JunitSummary, parseJunit } from "./junit.ts";

const MAX_REPORT_BYTES = 32 * 1024 * 1024;

/**
 * The check's JUnit report, read from its checkout; null when it wrote none. The path is the
 * repository's setting and the file the check's output: neither may lead outside the checkout.
 */
export async function readJunitReport(checkoutPath: string, reportPath: string): Promise<JunitSummary | null> {
  const root = await realpath(checkoutPath);
  const requested = path.resolve(root, reportPath);
  if (!isInside(root, requested)) throw new Error(`The JUnit path "${reportPath}" leads outside the checkout.`);
  let resolved: string;
  try {
    resolved = await realpath(requested);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  if (!isInside(root, resolved)) throw new Error(`The JUnit report "${reportPath}" links outside the checkout.`);
  const file = await open(resolved, "r");
  try {
    const { size } = await file.stat();
    if (size > MAX_REPORT_BYTES) throw new Error(`The JUnit report is ${Math.round(size / 1024 ** 2)} MB; at most 32 MB are read.`);
    return parseJunit(await file.readFile("utf8"));
  } finally {
    await file.close();
  }
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
