import type { ReactNode } from "react";
import { Nav } from "@/components/nav";
import { requirePageActor } from "@/lib/auth/page-actor";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor();
  return (
    <>
      <Nav actor={actor} />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6">{children}</main>
    </>
  );
}
