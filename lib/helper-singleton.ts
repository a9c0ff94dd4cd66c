/**
 * One helper (a thread or a child process) per server process, kept on globalThis so that Next's
 * module reloads share it, and started again on the next use once it has died.
 */
export function helperSingleton<T extends { dead: boolean }>(key: string, start: () => T): () => T {
  const slots = globalThis as unknown as Record<string, T | undefined>;
  return () => {
    const current = slots[key];
    if (current && !current.dead) return current;
    const started = start();
    slots[key] = started;
    return started;
  };
}
