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
};

export default nextConfig;
