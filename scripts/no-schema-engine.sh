#!/bin/sh
# Stands in for Prisma's native schema engine where it could not be downloaded (offline machines):
# `prisma generate` only needs it to exist. Migrations run through the wasm engine instead.
echo "The native Prisma schema engine is not installed here: use npm run db:migrate (apply) or npm run db:migration:create (create)." >&2
exit 1
