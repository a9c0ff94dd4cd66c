"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { updateUserAction } from "@/app/(app)/admin/users/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { ROLES } from "@/lib/auth/roles";
import type { Role } from "@/lib/generated/prisma/enums";

export interface UserRowData {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
}

/** One user: change the role or disable/enable; the service's refusal (e.g. last active admin) shows inline. */
export function UserRow({ user, isSelf }: { user: UserRowData; isSelf: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [role, setRole] = useState<Role>(user.role);
  const [error, setError] = useState<string | null>(null);
  const selectId = `role-${user.id}`;
  const errorId = `user-${user.id}-error`;

  function update(change: { role?: Role; disabled?: boolean }) {
    setError(null);
    startTransition(async () => {
      const result = await updateUserAction(user.id, change);
      if (!result.ok) {
        setRole(user.role);
        setError(result.error.message);
        return;
      }
      router.refresh();
    });
  }

  return (
    <tr data-testid="user-row" aria-busy={pending || undefined}>
      <td className="py-2 pr-4 align-top font-medium text-slate-800">
        {user.email}
        {isSelf ? <span className="ml-1 text-xs font-normal text-slate-500">(you)</span> : null}
      </td>
      <td className="py-2 pr-4 align-top text-slate-600">{user.name ?? "—"}</td>
      <td className="py-2 pr-4 align-top">
        <label htmlFor={selectId} className="sr-only">
          Role for {user.email}
        </label>
        <Select
          id={selectId}
          value={role}
          disabled={pending}
          className="w-36"
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            const next = event.target.value as Role;
            setRole(next);
            update({ role: next });
          }}
        >
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </Select>
      </td>
      <td className="py-2 pr-4 align-top">
        {user.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}
      </td>
      <td className="py-2 align-top">
        <div className="flex flex-col items-start gap-1">
          {/* Nobody disables their own account (the service refuses it too); the action stays quiet until needed. */}
          {isSelf ? null : (
            <Button
              type="button"
              variant={user.disabled ? "secondary" : "ghost"}
              disabled={pending}
              aria-label={`${user.disabled ? "Enable" : "Disable"} ${user.email}`}
              onClick={() => {
                if (user.disabled || window.confirm(`Disable ${user.email}? They can no longer sign in or use their API tokens.`)) update({ disabled: !user.disabled });
              }}
            >
              {user.disabled ? "Enable" : "Disable"}
            </Button>
          )}
          {error ? (
            <p id={errorId} role="alert" className="max-w-xs text-xs text-red-600">
              {error}
            </p>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
