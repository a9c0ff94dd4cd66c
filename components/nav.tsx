import Link from "next/link";
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { NotificationsBell } from "./notifications-bell";
import { SignOutButton } from "./sign-out-button";
import { ThemeSwitch } from "./theme-switch";

export function Nav({ actor }: { actor: Actor }) {
  const links = [
    { href: "/", label: "Dashboard", show: true },
    { href: "/tasks/new", label: "New task", show: can(actor, "task.create") },
    { href: "/repositories", label: "Repositories", show: can(actor, "repository.view") },
    { href: "/usage", label: "Usage", show: can(actor, "task.view") },
    { href: "/settings", label: "Settings", show: true },
    { href: "/admin/users", label: "Users", show: can(actor, "user.manage") },
    { href: "/admin/settings", label: "Admin settings", show: can(actor, "settings.manage") },
  ];
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav className="mx-auto flex max-w-6xl flex-wrap items-center gap-1 px-4 py-2" aria-label="Main">
        <Link href="/" className="mr-4 font-semibold text-indigo-700">
          Code Orchestrator
        </Link>
        {links
          .filter((link) => link.show)
          .map((link) => (
            <Link key={link.href} href={link.href} className="rounded px-2.5 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
              {link.label}
            </Link>
          ))}
        <div className="ml-auto flex min-w-0 items-center gap-3 text-sm text-slate-600">
          <span data-testid="current-user" className="truncate">
            {actor.email} · {actor.role}
          </span>
          <NotificationsBell />
          <ThemeSwitch />
          <SignOutButton />
        </div>
      </nav>
    </header>
  );
}
