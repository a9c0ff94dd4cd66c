import type { Prisma } from "../generated/prisma/client.ts";
import { auditTokenId } from "./audit-context.ts";

type AuditWriter = { auditEvent: { create(args: { data: Prisma.AuditEventUncheckedCreateInput }): Promise<unknown> } };

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  data?: Prisma.InputJsonValue;
}

/** Written in the same transaction as the change it records, with the API token the request came with. */
export async function recordAuditEvent(db: AuditWriter, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({ data: { ...entry, tokenId: auditTokenId() } });
}
