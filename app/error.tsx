"use client";

import Link from "next/link";

// The page could not be rendered (the server's log has the error behind `digest`): say so in the app's
// own style and offer a way on.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
      <title>Something went wrong · Code Orchestrator</title>
      <img src="/icon.svg" alt="" width={48} height={48} />
      <h1 className="text-xl font-semibold text-slate-900">Something went wrong</h1>
      <p className="text-sm text-slate-600">
        This page could not be shown. Try again; if it keeps failing, the server&apos;s log has the details
        {error.digest ? (
          <>
            {" "}
            under <code className="font-mono">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="flex gap-2">
        <button type="button" onClick={reset} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
          Try again
        </button>
        <Link href="/" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
          Dashboard
        </Link>
      </div>
    </main>
  );
}
