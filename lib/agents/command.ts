// A maintainer-configured program: the spec's argv runs as given. The prompt arrives on stdin and in the
// file named by ORCH_PROMPT_FILE (set by the runner), so a program can take whichever suits it.
import { commandAgentSchema } from "./agent-schema.ts";
import { message } from "./events.ts";
import { parseJsonObject } from "./json-fields.ts";
import { StreamOutcome } from "./stream-outcome.ts";
import type { AgentAdapter } from "./types.ts";

export const PROMPT_FILE_ENV = "ORCH_PROMPT_FILE";

export const commandAdapter: AgentAdapter = {
  kind: "command",
  label: "Command",
  binary: "", // the program is the spec's argv[0], chosen per task
  detect: async () => ({ available: true }),
  buildInvocation({ prompt, options }) {
    return { argv: commandAgentSchema.parse(options).argv, stdin: prompt };
  },
  createParser() {
    const outcome = new StreamOutcome();
    return {
      // Plain lines carry no structure; a JSON line is kept as a message so the structured view shows it.
      pushLine(line, stream) {
        if (stream === "stderr") {
          outcome.noteDiagnostic(line);
          return [];
        }
        const text = line.trim();
        return parseJsonObject(text) ? [message(text)] : [];
      },
      finish: (exitCode) => outcome.finish(exitCode),
    };
  },
};
