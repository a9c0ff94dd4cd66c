// The log ingest thread's entry: lib/logs' ingest with the agents' output parsers.
import { adapterFor } from "../agents/registry.ts";
import { serveLogIngest } from "../logs/ingest-thread.ts";

serveLogIngest((agentKind) => adapterFor(agentKind)?.createParser());
