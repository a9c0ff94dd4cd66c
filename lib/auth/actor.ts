import { getServerSession } from "next-auth";
import { prisma } from "../db/client.ts";
import { hashApiToken } from "./api-tokens.ts";
import { authOptions } from "./options.ts";
import type { Actor } from "./permissions.ts";
import { TOKEN_SCOPES, type TokenScope } from "./scopes.ts";

const actorFields = { id: true, email: true, name: true, role: true, disabled: true } as const;

function activeActor(user: { id: string; email: string; name: string | null; role: Actor["role"]; disabled: boolean } | null): Actor | null {
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The signed-in user of this request (role read fresh from the database), or null. */
export async function sessionActor(): Promise<Actor | null> {
  const session = (await getServerSession(authOptions())) as { userId?: string } | null;
  if (!session?.userId) return null;
  return activeActor(await prisma.user.findUnique({ where: { id: session.userId }, select: actorFields }));
}

/** The owner of a personal API token, acting within its scopes; null when it is unknown, revoked or expired. */
const LAST_USED_PRECISION_MS = 60_000;

export async function tokenActor(token: string): Promise<Actor | null> {
  const record = await prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    include: { user: { select: actorFields } },
  });
  const now = new Date();
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
  // To the minute, as the token list shows it: a busy orchestrator's every call need not be a write.
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await prisma.apiToken.update({ where: { id: record.id }, data: { lastUsedAt: now } });
  }
  const actor = activeActor(record.user);
  return actor && { ...actor, token: { id: record.id, name: record.name, scopes: knownScopes(record.scopes) } };
}

function knownScopes(scopes: string[]): TokenScope[] {
  return scopes.filter((scope): scope is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(scope));
}

/** API requests authenticate with `Authorization: Bearer <token>`, or fall back to the browser session. */
export async function requestActor(request: Request): Promise<Actor | null> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return match ? tokenActor(match[1]!) : null;
  }
  return sessionActor();
}
