"use client";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { CopyButton } from "./copy-button";

export interface CreatedToken {
  name: string;
  token: string;
  origin: string;
}

/** The freshly created token, shown once: it is never stored in plain text, so it cannot be shown again. */
export function NewTokenNotice({ created, onDismiss }: { created: CreatedToken; onDismiss: () => void }) {
  const curl = `curl -H "Authorization: Bearer ${created.token}" ${created.origin}/api/v1/tasks`;
  return (
    <div
      role="status"
      data-testid="new-token-notice"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <div>
        <p className="font-semibold">Token “{created.name}” created</p>
        <p>Copy it now: it will not be shown again</p>
      </div>
      <div className="space-y-1">
        <label htmlFor="new-token" className="block text-sm font-medium">
          New API token
        </label>
        <div className="flex flex-wrap items-center gap-2">
          <Input
            id="new-token"
            readOnly
            value={created.token}
            onFocus={(event) => event.currentTarget.select()}
            className="min-w-0 flex-1 font-mono"
            data-testid="new-token-value"
          />
          <CopyButton text={created.token} label="Copy token" />
        </div>
      </div>
      <div className="space-y-1">
        <p className="text-sm font-medium" id="new-token-curl-label">
          Try it
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <code
            aria-labelledby="new-token-curl-label"
            data-testid="new-token-curl"
            className="block min-w-0 flex-1 overflow-x-auto whitespace-nowrap rounded border border-amber-200 bg-white px-2.5 py-1.5 font-mono text-xs text-slate-800"
          >
            {curl}
          </code>
          <CopyButton text={curl} label="Copy command" />
        </div>
      </div>
      <Button type="button" variant="ghost" onClick={onDismiss}>
        Done, hide the token
      </Button>
    </div>
  );
}
