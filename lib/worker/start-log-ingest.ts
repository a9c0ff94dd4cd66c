import path from "node:path";
import { startLogIngest } from "../logs/log-ingest.ts";

// A path from the project root, not an import: the thread loads its entry itself (with tsx).
const THREAD_ENTRY = path.join(process.cwd(), "lib", "worker", "log-ingest-thread.ts");

/** The log ingest thread of this process, parsing agents' output: started once, again after a crash. */
export function startRunLogIngest(): void {
  startLogIngest(THREAD_ENTRY);
}
