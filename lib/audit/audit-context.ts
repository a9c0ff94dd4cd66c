import { AsyncLocalStorage } from "node:async_hooks";

const context = new AsyncLocalStorage<{ tokenId: string | null }>();

/**
 * Runs a request's work with the API token it came with, so every audit event it records names the
 * token without each service having to pass it on.
 */
export function withAuditToken<T>(tokenId: string | null, work: () => Promise<T>): Promise<T> {
  return context.run({ tokenId }, work);
}

export function auditTokenId(): string | null {
  return context.getStore()?.tokenId ?? null;
}
