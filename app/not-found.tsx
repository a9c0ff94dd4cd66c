import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
      <img src="/icon.svg" alt="" width={48} height={48} />
      <h1 className="text-xl font-semibold text-slate-900">This page does not exist</h1>
      <p className="text-sm text-slate-600">The task, repository or page may have been removed, or the link is mistyped.</p>
      <Link href="/" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
        Go to the dashboard
      </Link>
    </main>
  );
}
