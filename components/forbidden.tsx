export function Forbidden({ message }: { message: string }) {
  return (
    <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-6 text-amber-900">
      <h1 className="text-lg font-semibold">Not allowed</h1>
      <p className="mt-1 text-sm">{message}</p>
    </div>
  );
}
