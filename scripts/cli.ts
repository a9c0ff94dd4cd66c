// npx code-orchestrator <command> (or npm run cli -- <command>): drives a Code Orchestrator server
// from a shell or an agent. `code-orchestrator help` lists the commands, options and exit codes.
import { parseArgs } from "node:util";
import { CliError, connection, EXIT } from "./cli/client.ts";
import { output } from "./cli/output.ts";
import { runLog } from "./cli/run-commands.ts";
import { createTask, listTasks, mergeTask, showTask, taskChecks, taskDiff, waitTask } from "./cli/task-commands.ts";

const HELP = `Usage: code-orchestrator <command> [options]

Commands:
  task create --repo <id> --spec <spec.md> [--agent <kind|json>] [--timeout <s>] [--spawn] [--wait]
                                 create a task from a Markdown spec; --spawn starts its agent,
                                 --wait also waits for the outcome (as task wait)
  task list [--repo <id>] [--status <status>] [--mine] [--page <n>]
  task show <task>               status, head, latest run and checks
  task diff <task> [--stat]      the branch's diff against its base, coloured like git diff
  task checks <task>             the current head's checks and the acceptance criteria
  task wait <task> [--timeout <s>]
                                 follow the task until it settles (default: at most 1800 s)
  task merge <task> --head <sha> [--method merge|squash|rebase]
                                 the guarded merge of the head you reviewed
  run log <run> [--follow]       a run's log; --follow streams it until the run ends

Options:
  --url <url>        server (default: $CODE_ORCHESTRATOR_URL, or "url" in the config file)
  --token <token>    API token (default: $CODE_ORCHESTRATOR_TOKEN, or "token" in the config file)
  --json             machine-readable output
  --no-color         no colours (also NO_COLOR, or when stdout is not a terminal)

Config file: $CODE_ORCHESTRATOR_CONFIG, else $XDG_CONFIG_HOME/code-orchestrator/config.json
(~/.config/...), holding {"url": "...", "token": "..."}.

Exit codes:
  0  done; for task wait and --wait: ready for review, approved or merged
  1  the server failed or could not be reached; for run log --follow: the run did not succeed
  2  wrong usage
  3  refused by the server (not allowed, not found, invalid input, merge conditions unmet)
  4  checks failed (task wait, task checks)
  5  changes requested (task wait)
  6  closed (task wait)
  7  still not settled when --timeout passed (task wait)`;

const OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  json: { type: "boolean" },
  "no-color": { type: "boolean" },
  repo: { type: "string" },
  spec: { type: "string" },
  agent: { type: "string" },
  timeout: { type: "string" },
  "wait-timeout": { type: "string" },
  spawn: { type: "boolean" },
  wait: { type: "boolean" },
  status: { type: "string" },
  mine: { type: "boolean" },
  page: { type: "string" },
  stat: { type: "boolean" },
  follow: { type: "boolean", short: "f" },
  head: { type: "string" },
  method: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${HELP}`, EXIT.usage);
  }
  const { values: flags, positionals } = parsed;
  const [group, command, target] = positionals;
  if (flags.help || group === "help" || !group) {
    console.log(HELP);
    return group || flags.help ? EXIT.ok : EXIT.usage;
  }
  const out = output(flags);
  const needsTarget = (name: string) => {
    if (!target) throw new CliError(`${group} ${command} needs the ${name}'s id`, EXIT.usage);
    return target;
  };
  const key = `${group} ${command ?? ""}`;
  switch (key) {
    case "task create":
      return createTask(connection(flags), out, { ...flags, timeout: flags.timeout });
    case "task list":
      return listTasks(connection(flags), out, flags);
    case "task show":
      return showTask(connection(flags), out, needsTarget("task"));
    case "task diff":
      return taskDiff(connection(flags), out, needsTarget("task"), flags);
    case "task checks":
      return taskChecks(connection(flags), out, needsTarget("task"));
    case "task wait":
      return waitTask(connection(flags), out, needsTarget("task"), flags);
    case "task merge":
      return mergeTask(connection(flags), out, needsTarget("task"), flags);
    case "run log":
      return runLog(connection(flags), out, needsTarget("run"), flags);
    default:
      throw new CliError(`Unknown command: ${key.trim()}\n\n${HELP}`, EXIT.usage);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliError) {
      console.error(error.message);
      process.exit(error.exitCode);
    }
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(EXIT.failed);
  },
);
