#!/usr/bin/env node
// The package's command: runs the TypeScript CLI (scripts/cli.ts) with the tsx loader.
import { register } from "tsx/esm/api";

register();
await import(new URL("../scripts/cli.ts", import.meta.url).href);
