import { EXIT, request, requestJson, type Connection } from "./client.ts";
import { paint, type Output } from "./output.ts";
import { serverSentEvents } from "./sse.ts";

interface LogLine {
  seq: number;
  stream: string;
  text: string;
}

/** A run's log; `--follow` streams it live until the run ends, whose status sets the exit code. */
export async function runLog(conn: Connection, out: Output, runId: string, flags: { follow?: boolean }) {
  const show = (line: LogLine) => {
    if (out.json) process.stdout.write(`${JSON.stringify(line)}\n`);
    else out.print(line.stream === "stderr" ? paint(out, "red", line.text) : line.stream === "system" ? paint(out, "dim", line.text) : line.text);
  };
  if (!flags.follow) {
    const text = await (await request(conn, "GET", `/api/v1/runs/${runId}/log.txt`)).text();
    if (out.json) {
      const run = await requestJson<{ status: string }>(conn, "GET", `/api/v1/runs/${runId}`);
      out.data({ status: run.status, log: text });
    } else process.stdout.write(text);
    return EXIT.ok;
  }
  const response = await request(conn, "GET", `/api/v1/runs/${runId}/events`);
  for await (const event of serverSentEvents(response)) {
    if (event.event === "log") show(JSON.parse(event.data) as LogLine);
    if (event.event === "end") {
      const { status } = JSON.parse(event.data) as { status: string };
      if (!out.json) out.print(paint(out, status === "succeeded" ? "green" : "red", `run ${status}`));
      return status === "succeeded" ? EXIT.ok : EXIT.failed;
    }
  }
  return EXIT.failed;
}
