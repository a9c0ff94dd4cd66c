// The spec carries a shell script (operators and up), run by bash inside the sandbox: deterministic
// automation and demos. Its output is plain text; only the exit code means anything.
import { scriptAgentSchema } from "./agent-schema.ts";
import { detectBinary } from "./detect-binary.ts";
import { StreamOutcome } from "./stream-outcome.ts";
import type { AgentAdapter } from "./types.ts";

export const scriptAdapter: AgentAdapter = {
  kind: "script",
  label: "Script",
  binary: "bash",
  detect: (options) => detectBinary("bash", options),
  buildInvocation({ options }) {
    return { argv: ["bash", "-c", scriptAgentSchema.parse(options).script], stdin: null };
  },
  createParser() {
    const outcome = new StreamOutcome();
    return {
      pushLine(line, stream) {
        if (stream === "stderr") outcome.noteDiagnostic(line);
        return [];
      },
      finish: (exitCode) => outcome.finish(exitCode),
    };
  },
};
