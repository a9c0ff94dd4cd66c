import "./lib/env.mjs";

/** @type {import("next").NextConfig} */
const nextConfig = {
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pglite-prisma-adapter",
    "pg",
    "@prisma/adapter-pg",
    "pg-boss",
  ],
  poweredByHeader: false,
  // The type check runs on its own (npm run typecheck, part of the test command) over the whole
  // tree, tests included; the production build should not fail on a test file.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
