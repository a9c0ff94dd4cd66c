import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { listRepositories } from "@/lib/repositories/queries";
import { Table } from "@/components/ui/table";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Repositories" };

export default async function RepositoriesPage() {
  const actor = await requirePageActor();
  const repositories = await listRepositories(actor);
  return (
    <>
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">Repositories</h1>
        {can(actor, "repository.manage") ? (
          <Link href="/repositories/new">
            <Button>Register repository</Button>
          </Link>
        ) : null}
      </div>
      <Card>
        {repositories.length === 0 ? (
          <EmptyState>
            No repositories registered yet.{" "}
            {can(actor, "repository.manage") ? "Register one (a git URL or a bare repository on this machine) to write tasks for it." : "A maintainer registers them; then tasks can be written for them."}
          </EmptyState>
        ) : (
          <Table label="Repositories" columns={["Name", "Upstream", "Base", "Checks"]}>
              {repositories.map((repository) => (
                <tr key={repository.id}>
                  <td className="py-2 pr-3">
                    <Link className="font-medium text-indigo-700 hover:underline" href={`/repositories/${repository.id}`}>
                      {repository.name}
                    </Link>
                  </td>
                  <td className="py-2 pr-3 font-mono text-xs text-slate-600">{repository.upstream}</td>
                  <td className="py-2 pr-3 font-mono text-xs">{repository.baseBranch}</td>
                  <td className="py-2 text-slate-600">{repository.checks.map((check) => check.name).join(", ") || "none"}</td>
                </tr>
              ))}
            </Table>
        )}
      </Card>
    </>
  );
}
