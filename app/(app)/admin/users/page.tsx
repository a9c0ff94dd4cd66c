import type { Metadata } from "next";
import { Forbidden } from "@/components/forbidden";
import { NewUserForm } from "@/components/admin/new-user-form";
import { UserRow } from "@/components/admin/user-row";
import { Card, EmptyState } from "@/components/ui/card";
import { requirePageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { listUsers } from "@/lib/users/queries";
import { Table } from "@/components/ui/table";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage() {
  const actor = await requirePageActor();
  if (!can(actor, "user.manage")) {
    return <Forbidden message={`Only admins can manage users; your role is ${actor.role}.`} />;
  }
  const users = await listUsers(actor);

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Users</h1>

      <Card title="All users">
        {users.length === 0 ? (
          <EmptyState>No users yet.</EmptyState>
        ) : (
          <Table label="Users" columns={["Email", "Name", "Role", "Status", { label: "Actions", hidden: true }]}>
                {users.map((user) => (
                  <UserRow
                    // Remount when the stored values change so the row's local state starts from them again.
                    key={`${user.id}:${user.role}:${user.disabled}`}
                    user={{ id: user.id, email: user.email, name: user.name, role: user.role, disabled: user.disabled }}
                    isSelf={user.id === actor.id}
                  />
                ))}
              </Table>
        )}
      </Card>

      <Card title="New user">
        <NewUserForm />
      </Card>
    </>
  );
}
