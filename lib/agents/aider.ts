// Aider scripting (docs: aider.chat/docs/scripting.html, aider.chat/docs/config/options.html).
// `--message-file` sends the file's text as one message, applies the edits, and exits; `--yes-always`
// answers confirmations (suggested shell commands need an explicit yes, so they stay unrun);
// `--no-pretty` and `--no-stream` make the output plain, whole lines. The output is text: the reply plus tool lines, of
// which these are recognised (aider/coders/base_coder.py, aider/repo.py):
//   "Applied edit to <path>", "Commit <short sha> <message>",
//   "Tokens: 2.0k sent, 1.4k received. Cost: $0.05 message, $0.09 session." (the Cost part on its own
//   line when cache counts are shown; counts under 1,000 exact, above rounded to "2.0k"/"16k").
import { aiderAgentSchema } from "./cli-agent-schemas.ts";
import { detectBinary } from "./detect-binary.ts";
import { command, fileChange, message, result } from "./events.ts";
import { StreamOutcome } from "./stream-outcome.ts";
import type { AgentAdapter } from "./types.ts";
import type { AgentEvent } from "../logs/log-events.ts";

const APPLIED_EDIT = /^Applied edit to (.+)$/;
const COMMIT = /^Commit ([0-9a-f]{7,40}) (.+)$/;
const TOKENS = /^Tokens: ([\d.]+k?) sent(?:, [\d.]+k? cache write)?(?:, [\d.]+k? cache hit)?, ([\d.]+k?) received\./;
const SESSION_COST = /Cost: \$([\d.]+) message, \$([\d.]+) session\./;

export const aiderAdapter: AgentAdapter = {
  kind: "aider",
  label: "Aider",
  binary: "aider",
  modelHosts: ["api.openai.com", "api.anthropic.com", "openrouter.ai"],
  detect: (options) => detectBinary("aider", options),
  buildInvocation({ promptFile, options }) {
    const { model } = aiderAgentSchema.parse(options);
    return {
      argv: [
        "aider",
        "--message-file",
        promptFile,
        "--yes-always",
        "--no-pretty",
        "--no-stream",
        "--no-check-update", // no version check or release notes: a run is not a person upgrading
        "--no-show-release-notes",
        "--no-analytics",
        ...(model ? ["--model", model] : []),
      ],
      stdin: null,
    };
  },
  createParser() {
    const outcome = new StreamOutcome();
    const usage = { sent: 0, received: 0, reported: false };
    let sessionCostUsd: number | undefined;
    return {
      pushLine(line, stream) {
        // Aider prints its errors with the rest of its output, so any line may explain a failure.
        outcome.noteDiagnostic(line);
        if (stream === "stderr") return [];
        const text = line.trimEnd();
        const tokens = TOKENS.exec(text);
        const cost = SESSION_COST.exec(text);
        if (tokens || cost) {
          if (tokens) {
            usage.sent += approximateCount(tokens[1]);
            usage.received += approximateCount(tokens[2]);
            usage.reported = true;
          }
          if (cost) sessionCostUsd = Number(cost[2]);
          return [{ type: "usage", tokens: usage.reported ? { input: usage.sent, output: usage.received } : undefined, costUsd: sessionCostUsd }];
        }
        return lineEvents(text);
      },
      finish(exitCode) {
        return outcome.finish(exitCode, (fromExit) =>
          result({
            ...fromExit,
            tokens: usage.reported ? { input: usage.sent, output: usage.received } : undefined,
            costUsd: sessionCostUsd,
          }),
        );
      },
    };
  },
};

function lineEvents(text: string): AgentEvent[] {
  if (!text.trim()) return [];
  const edited = APPLIED_EDIT.exec(text);
  if (edited?.[1]) return [fileChange(edited[1], "edit")];
  const commit = COMMIT.exec(text);
  if (commit) return [command("git commit", { exitCode: 0, output: `${commit[1]} ${commit[2]}` })];
  return [message(text)];
}

/** "494" → 494, "2.0k" → 2000, "16k" → 16000 (aider rounds counts above 1,000). */
function approximateCount(count: string | undefined): number {
  if (!count) return 0;
  return count.endsWith("k") ? Math.round(Number(count.slice(0, -1)) * 1000) : Number(count);
}
