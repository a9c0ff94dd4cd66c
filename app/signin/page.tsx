import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { sessionActor } from "@/lib/auth/actor";
import { githubSignInEnabled } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await sessionActor()) redirect("/");
  const { error } = await searchParams;
  return (
    <main className="mx-auto mt-24 max-w-sm space-y-6 px-4">
      <h1 className="text-center text-2xl font-semibold text-slate-900">Sign in to Code Orchestrator</h1>
      <SignInForm github={githubSignInEnabled()} initialError={error ? "Sign-in was refused." : null} />
    </main>
  );
}
