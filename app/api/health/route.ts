import { prisma } from "@/lib/db/client";
import { databaseKind } from "@/lib/db/config";

export const dynamic = "force-dynamic";

export async function GET() {
  const db = databaseKind();
  try {
    await prisma.$queryRaw`SELECT 1`;
    return Response.json({ ok: true, db });
  } catch {
    return Response.json({ ok: false, db, error: "database unreachable" }, { status: 503 });
  }
}
