// Hostile requests against every route of the OpenAPI document of a running server: wrong types,
// huge and deep bodies, NUL and lone surrogates, shell and SQL metacharacters, traversal, wrong content
// types and long URLs. Used by the fuzz test (a fixed seed) and bench/fuzz.ts (longer runs).
import { seededRandom } from "./seeded-random.ts";

type Random = ReturnType<typeof seededRandom>;

export interface FuzzTarget {
  baseUrl: string;
  token: string;
  /** Real ids by path segment ("tasks", "runs", …), mixed in so the handlers behind the ids are reached. */
  ids: Record<string, string>;
}

export interface FuzzReport {
  requests: number;
  byStatus: Record<number, number>;
  /** Every answer of 500 or more, with what was sent. */
  serverErrors: Array<{ method: string; url: string; status: number; body: string; sent: string }>;
  /** Answers 2xx to a POST, by route template: what a refused request must not have created. */
  created: Record<string, number>;
}

const HOSTILE_TEXT = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfff",
  "'; DROP TABLE \"Task\"; --",
  "\" OR 1=1 --",
  "$(touch /tmp/fuzz-pwned)",
  "`id`",
  "; rm -rf / #",
  "| cat /etc/passwd",
  "../../../../etc/passwd",
  "..%2f..%2fetc%2fpasswd",
  "/etc/shadow",
  "feature/../../main",
  "refs/heads/main",
  "-rf",
  "--upload-pack=touch /tmp/fuzz-pwned",
  "%s%s%s%n",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "😀".repeat(100),
  "\u202e\u2066",
  "a".repeat(70_000),
  "file:///etc/passwd",
  "ext::sh -c touch% /tmp/fuzz-pwned",
];

const HOSTILE_IDS = ["%00", "a%00b", "%ff%fe", "%E0%A4%A", "..", "%2e%2e%2f%2e%2e", "' OR '1'='1", "x".repeat(3000), "-1", "0", "null", "%20", "%0a", "%u0000"];

function hostileValue(random: Random, depth = 0): unknown {
  switch (random.below(depth > 3 ? 6 : 9)) {
    case 0:
      return random.pick(HOSTILE_TEXT);
    case 1:
      return random.pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31]);
    case 2:
      return random.pick([true, false, null]);
    case 3:
      return random.pick(HOSTILE_TEXT) + random.pick(HOSTILE_TEXT);
    case 4:
      return `${random.pick(["main", "feature/x", "npm test", "src/a.ts", "a".repeat(40)])}${random.pick(HOSTILE_TEXT)}`;
    case 5:
      return random.pick(["main", "feature/fuzz", "npm test", "script", "command", "approve", "request_changes", "merge", "squash", "viewer", "admin", "new"]);
    case 6:
      return Array.from({ length: random.below(4) }, () => hostileValue(random, depth + 1));
    default:
      return hostileObject(random, depth + 1);
  }
}

const FIELDS = ["name", "upstream", "baseBranch", "goal", "repositoryId", "files", "path", "change", "acceptanceCriteria", "text", "check", "agent", "kind", "script", "command", "argv", "checks", "setupCommand", "junitPath", "timeoutSeconds", "decision", "body", "headSha", "line", "side", "method", "email", "password", "role", "owner", "repo", "token", "apiUrl", "spawnRun", "resolved", "__proto__", "constructor"];

function hostileObject(random: Random, depth: number): Record<string, unknown> {
  const object: Record<string, unknown> = Object.create(null); // so "__proto__" is sent as a plain key
  for (let n = random.below(6); n >= 0; n--) object[random.pick(FIELDS)] = hostileValue(random, depth);
  return object;
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Percent-encodes text, lone surrogates included (as the invalid UTF-8 a careless client would send). */
function encodeHostile(text: string): string {
  return text.replace(/[\ud800-\udfff]/g, (surrogate, offset: number) => {
    const pair = text.slice(offset, offset + 2);
    return /^[\ud800-\udbff][\udc00-\udfff]$/.test(pair) || /^[\ud800-\udbff][\udc00-\udfff]$/.test(text.slice(offset - 1, offset + 1)) ? surrogate : "\u0001";
  }).split("\u0001").map((part) => encodeURIComponent(part)).join("%ED%A0%80");
}

function deepBody(levels: number): string {
  return "[".repeat(levels) + "]".repeat(levels);
}

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

function hostileRequest(random: Random, target: FuzzTarget, method: string, template: string): Sent {
  const segment = template.split("/")[3] ?? "";
  const id = random.next() < 0.3 && target.ids[segment] ? target.ids[segment]! : random.pick(HOSTILE_IDS);
  let url = template.replace("{id}", id);
  if (random.next() < 0.3) {
    const name = random.pick(["path", "page", "status", "repositoryId", "q", "after", "view", "runId", "pageSize"]);
    url += `?${name}=${encodeHostile(asText(hostileValue(random)))}${random.next() < 0.2 ? "%00" : ""}`;
  }
  if (random.next() < 0.05) url += `${url.includes("?") ? "&" : "?"}long=${"x".repeat(7_000)}`;
  const headers: Record<string, string> = {};
  if (random.next() < 0.9) headers.authorization = `Bearer ${random.next() < 0.95 ? target.token : random.pick(HOSTILE_TEXT.filter((text) => !/[\u0000-\u001f\u0080-\uffff]/.test(text)))}`;
  // Past Node's header limit (16 KB for the request line and headers, a hostile bearer token
  // included) the server answers 431 and closes at once: a body still being sent then fails on the
  // client's side, which says nothing about the server.
  const headLength = url.length + Object.values(headers).reduce((length, value) => length + value.length, 0);
  if (method === "GET" || method === "DELETE" || headLength > 8_000) return { method, url, headers };
  let body: string;
  const shape = random.below(10);
  if (shape === 0) body = deepBody(5_000 + random.below(50_000));
  else if (shape === 1) body = JSON.stringify({ goal: "g".repeat(2_000_000) });
  else if (shape === 2) body = random.pick(["{", "not json", "[1,2", "\u0000", "null", "1", '"text"', "{\"a\":}"]);
  else body = JSON.stringify(random.next() < 0.8 ? hostileObject(random, 0) : hostileValue(random));
  headers["content-type"] = random.pick(["application/json", "application/json", "application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1"]);
  return { method, url, headers, body };
}

// Operations with nothing to fuzz that do real work on every accepted call: "Try a demo" takes no
// input and builds a sample repository with a queued run each time (a fuzz made 95 of them, whose
// runs and checks then overloaded the server and the tests after it).
const NOT_FUZZED = new Set(["POST /api/v1/demo"]);

/** The (method, path template) of every operation of the document that takes input to fuzz. */
export function operationsOf(document: { paths: Record<string, Record<string, unknown>> }): Array<{ method: string; template: string }> {
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.keys(operations)
      .filter((method) => ["get", "post", "put", "patch", "delete"].includes(method) && !NOT_FUZZED.has(`${method.toUpperCase()} ${template}`))
      .map((method) => ({ method: method.toUpperCase(), template })),
  );
}

/** Sends `perOperation` hostile requests to each operation, a few at a time, and reports what came back. */
export async function fuzzApi(target: FuzzTarget, options: { seed: number; perOperation: number; concurrency?: number }): Promise<FuzzReport> {
  const random = seededRandom(options.seed);
  const document = (await (await fetch(new URL("/api/v1/openapi.json", target.baseUrl), { headers: { authorization: `Bearer ${target.token}` } })).json()) as { paths: Record<string, Record<string, unknown>> };
  const operations = operationsOf(document);
  // Each request is made when a worker is free to send it, in one order so the seed fixes them all.
  // Making them all first (megabytes of bodies) blocked this process for seconds: its idle
  // keep-alive connections outlived the server's 5 s timeout unseen, and the first request sent on
  // one failed with "other side closed".
  let index = 0;
  const total = options.perOperation * operations.length;
  const nextRequest = () => {
    if (index >= total) return undefined;
    const { method, template } = operations[index++ % operations.length]!;
    return { sent: hostileRequest(random, target, method, template), template };
  };
  const report: FuzzReport = { requests: 0, byStatus: {}, serverErrors: [], created: {} };
  const worker = async () => {
    for (let next = nextRequest(); next; next = nextRequest()) {
      const { sent, template } = next;
      let status: number;
      let body = "";
      try {
        const response = await fetch(new URL(sent.url, target.baseUrl), { method: sent.method, headers: sent.headers, body: sent.body, signal: AbortSignal.timeout(10_000) });
        status = response.status;
        if (response.headers.get("content-type")?.startsWith("text/event-stream")) await response.body?.cancel();
        else body = (await response.text()).slice(0, 500);
      } catch (error) {
        status = 599; // no answer at all: as bad as a 500
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        body = `${String(error)}${cause ? ` (${cause.code ?? ""} ${cause.message ?? ""})` : ""}`;
      }
      report.requests++;
      report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
      if (status >= 500) report.serverErrors.push({ method: sent.method, url: sent.url.slice(0, 300), status, body, sent: (sent.body ?? "").slice(0, 300) });
      if (sent.method === "POST" && status >= 200 && status < 300) report.created[template] = (report.created[template] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return report;
}
