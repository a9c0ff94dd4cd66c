"use client";

import { revokeTokenAction } from "@/app/(app)/settings/actions";
import { ActionButton } from "@/components/ui/action-button";

export function RevokeTokenButton({ tokenId, tokenName }: { tokenId: string; tokenName: string }) {
  return <ActionButton label="Revoke" busyLabel="Revoking…" variant="danger" title={`Revoke token ${tokenName}`} act={() => revokeTokenAction(tokenId)} />;
}
