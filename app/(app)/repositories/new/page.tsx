import type { Metadata } from "next";
import { Forbidden } from "@/components/forbidden";
import { EMPTY_REPOSITORY, RepositoryForm } from "@/components/repositories/repository-form";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Register a repository" };

export default async function NewRepositoryPage() {
  const actor = await requirePageActor();
  if (!can(actor, "repository.manage")) return <Forbidden message="Registering repositories needs the maintainer role or above." />;
  return (
    <>
      <h1 className="text-xl font-semibold">Register a repository</h1>
      <RepositoryForm initial={EMPTY_REPOSITORY} />
    </>
  );
}
