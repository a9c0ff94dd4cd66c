"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { createUserAction } from "@/app/(app)/admin/users/actions";
import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { ROLES } from "@/lib/auth/roles";
import type { Role } from "@/lib/generated/prisma/enums";

type Fields = Partial<Record<"email" | "password" | "role" | "name", string>>;

export function NewUserForm() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Fields>({});
  const [created, setCreated] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    const input = {
      email: String(data.get("email") ?? ""),
      password: String(data.get("password") ?? ""),
      role: String(data.get("role") ?? "viewer") as Role,
      ...(name ? { name } : {}),
    };
    setError(null);
    setFields({});
    setCreated(null);
    startTransition(async () => {
      const result = await createUserAction(input);
      if (!result.ok) {
        const fieldErrors: Fields = result.error.fields ?? {};
        setFields(fieldErrors);
        const shown = ["email", "password", "role", "name"].some((key) => fieldErrors[key as keyof Fields]);
        setError(shown ? null : result.error.message);
        return;
      }
      setCreated(result.data.email);
      form.reset();
      router.refresh();
    });
  }

  const describe = (key: keyof Fields, id: string) => (fields[key] ? `${id}-error` : undefined);

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="New user" noValidate>
      <ErrorBanner message={error} />
      {created ? (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          Created user {created}.
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Email" htmlFor="new-user-email" error={fields.email}>
          <Input
            id="new-user-email"
            name="email"
            type="email"
            autoComplete="off"
            required
            invalid={!!fields.email}
            aria-describedby={describe("email", "new-user-email")}
          />
        </Field>
        <Field label="Name" htmlFor="new-user-name" error={fields.name} hint="Optional">
          <Input
            id="new-user-name"
            name="name"
            autoComplete="off"
            maxLength={100}
            invalid={!!fields.name}
            aria-describedby={describe("name", "new-user-name")}
          />
        </Field>
        <Field label="Password" htmlFor="new-user-password" error={fields.password} hint="At least 8 characters">
          <Input
            id="new-user-password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            invalid={!!fields.password}
            aria-describedby={describe("password", "new-user-password")}
          />
        </Field>
        <Field label="Role" htmlFor="new-user-role" error={fields.role}>
          <Select
            id="new-user-role"
            name="role"
            defaultValue="viewer"
            invalid={!!fields.role}
            aria-describedby={describe("role", "new-user-role")}
          >
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create user"}
      </Button>
    </form>
  );
}
