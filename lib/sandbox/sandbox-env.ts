const FALLBACK_PATH = "/usr/local/bin:/usr/bin:/bin";
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The whole environment of a sandboxed process: PATH, LANG and TERM passed through from the server,
 * the admin-assigned `extra` variables, and HOME pointing at the run's private home. Nothing else of
 * the server's environment (DATABASE_URL, AUTH_SECRET, tokens…) ever reaches the agent.
 */
export interface SandboxEnvironment {
  PATH: string;
  LANG: string;
  TERM: string;
  HOME: string;
  [name: string]: string;
}

export function sandboxEnv(extra: Record<string, string>, home: string): SandboxEnvironment {
  for (const [name, value] of Object.entries(extra)) {
    if (!VARIABLE_NAME.test(name)) throw new Error(`invalid environment variable name ${JSON.stringify(name)}`);
    if (value.includes("\0")) throw new Error(`environment variable ${name} contains a NUL byte`);
  }
  return {
    PATH: process.env.PATH ?? FALLBACK_PATH,
    LANG: process.env.LANG ?? "C.UTF-8",
    TERM: process.env.TERM ?? "dumb",
    ...extra,
    HOME: home,
  };
}
