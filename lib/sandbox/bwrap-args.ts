import { statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface BwrapLayout {
  argv: string[];
  workdir: string;
  home: string;
  /** The complete environment inside; bwrap starts from an empty one. */
  env: Record<string, string>;
  /** Keep the host's network namespace; otherwise only the sandbox's own loopback. */
  shareHostNetwork: boolean;
  hiddenPaths: string[];
  readOnlyPaths: string[];
  /** bwrap writes {"child-pid": …} there: the host pid of the sandbox's init, which leads its process group. */
  infoFd: number;
}

type MountKind = "hide" | "read-only" | "writable";

/**
 * The host read-only, /dev, /proc and /tmp private, hidden paths emptied, then the clone and the
 * private home writable. No capabilities, no new user namespaces, own PID, IPC and UTS namespaces,
 * and no network unless allowed.
 */
export function buildBwrapArgs(layout: BwrapLayout): string[] {
  const hidden = [...layout.hiddenPaths, "/root", os.homedir()];
  const mounts = [
    ...hidden.map((target) => ({ kind: "hide" as const, target })),
    ...layout.readOnlyPaths.map((target) => ({ kind: "read-only" as const, target })),
    { kind: "writable" as const, target: layout.workdir },
    { kind: "writable" as const, target: layout.home },
  ]
    .map(({ kind, target }) => ({ kind, target: path.resolve(target) }))
    .filter(({ kind, target }) => kind !== "hide" || target !== "/")
    // bwrap mounts in argument order: an ancestor mounted after its descendant would cover it.
    .sort((a, b) => depth(a.target) - depth(b.target));

  return [
    ...["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"],
    ...unique(mounts).flatMap(({ kind, target }) => mountArgs(kind, target)),
    ...["--unshare-user", "--disable-userns", "--unshare-pid", "--unshare-ipc", "--unshare-uts"],
    ...(layout.shareHostNetwork ? [] : ["--unshare-net"]),
    // As root, bwrap would otherwise keep every capability (enough to remount / writable).
    ...["--cap-drop", "ALL", "--die-with-parent", "--new-session"],
    ...["--info-fd", String(layout.infoFd), "--chdir", path.resolve(layout.workdir), "--clearenv"],
    ...Object.entries(layout.env).flatMap(([name, value]) => ["--setenv", name, value]),
    "--",
    ...layout.argv,
  ];
}

function mountArgs(kind: MountKind, target: string): string[] {
  if (kind === "writable") return ["--bind", target, target];
  if (kind === "read-only") return ["--ro-bind", target, target];
  const stat = statSync(target, { throwIfNoEntry: false });
  if (!stat) return [];
  return stat.isDirectory() ? ["--tmpfs", target] : ["--ro-bind", "/dev/null", target];
}

function depth(target: string): number {
  return target === "/" ? 0 : target.split("/").length - 1;
}

function unique(mounts: { kind: MountKind; target: string }[]) {
  const seen = new Set<string>();
  return mounts.filter(({ kind, target }) => {
    const key = `${kind} ${target}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
