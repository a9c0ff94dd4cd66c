/** Marks what was done through an API token (an AI orchestrator, a script) rather than in the browser. */
export function ViaToken({ name }: { name: string | null }) {
  if (!name) return null;
  return (
    <span data-testid="via-token" className="inline-flex items-center rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600" title="Done through an API token">
      via token ‘{name}’
    </span>
  );
}
