import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedAddress } from "../ip-addresses.ts";
import { resolveWebhookTarget } from "./target-guard.ts";

const TIMEOUT_MS = 10_000;
const EXCERPT_BYTES = 1_000;

export interface WebhookResponse {
  /** Null when nothing answered: a refused target, a timeout, a connection error. */
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

// PostgreSQL cannot store NUL in text: a receiver answering one must not make its attempt unrecordable.
function storable(text: string): string {
  return text.replace(/\u0000/g, "\ufffd");
}

/** Connects only to the addresses the guard checked, whatever the name resolves to by then. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  }) as unknown as LookupFunction;
}

/** POSTs a webhook to a guarded target: never follows redirects; keeps the answer's first kilobyte. */
export async function postWebhook(target: string, headers: Record<string, string>, body: string, allowPrivate: boolean): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let addresses: ResolvedAddress[];
  const url = new URL(target);
  try {
    addresses = await resolveWebhookTarget(url, allowPrivate);
  } catch (error) {
    return { statusCode: null, durationMs: elapsed(), responseExcerpt: null, error: error instanceof Error ? error.message : String(error) };
  }
  return new Promise((resolve) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(url, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, lookup: pinnedLookup(addresses), timeout: TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const answered = () => resolve({ statusCode: response.statusCode ?? null, durationMs: elapsed(), responseExcerpt: storable(Buffer.concat(chunks).toString("utf8")) || null, error: null });
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk.subarray(0, EXCERPT_BYTES - kept));
        kept += Math.min(chunk.length, EXCERPT_BYTES - kept);
        // The rest of a long answer is not read: the status and its start are all that is kept.
        if (kept >= EXCERPT_BYTES) {
          answered();
          response.destroy();
        }
      });
      response.on("end", answered);
      response.on("error", (error) => resolve({ statusCode: response.statusCode ?? null, durationMs: elapsed(), responseExcerpt: null, error: error.message }));
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) => resolve({ statusCode: null, durationMs: elapsed(), responseExcerpt: null, error: error.message }));
    request.end(body);
  });
}
