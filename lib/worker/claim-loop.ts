export interface ClaimLoop {
  /** Claims again now instead of at the next poll. */
  wake(): void;
  readonly stopping: boolean;
  /** Stops claiming; resolves once the current claim round is over. */
  stop(): Promise<void>;
}

/**
 * A worker's claiming rhythm: `fill` claims until it finds nothing, then the loop waits for `wake()`
 * or the poll interval, until stopped. `before` runs once first (reconciliation).
 */
export function claimLoop(options: { pollMs: number; before?: () => Promise<void>; fill: () => Promise<void>; onError: (error: unknown) => void }): ClaimLoop {
  let stopping = false;
  let wake: () => void = () => {};
  const running = (async () => {
    await options.before?.();
    while (!stopping) {
      const woken = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      await options.fill().catch(options.onError);
      await woken;
    }
  })();
  return {
    wake: () => wake(),
    get stopping() {
      return stopping;
    },
    async stop() {
      stopping = true;
      wake();
      await running;
    },
  };
}
