import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { listRepositories } from "@/lib/repositories/queries";

export const dynamic = "force-dynamic";

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
          <EmptyState>No repositories registered yet.</EmptyState>
        ) : (
          <table className="w-full text-left text-sm" aria-label="Repositories">
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-3">Name</th>
                <th className="py-2 pr-3">Upstream</th>
                <th className="py-2 pr-3">Base</th>
                <th className="py-2">Checks</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
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
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
