// git over HTTP(S) with the repository's token: a local upstream served by `git http-backend` that
// demands the header the token becomes; the mirror fetches and the merge pushes with it, never without.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../env.mjs";
import { pushBase } from "../merge/push-base.ts";
import { ensureMirror } from "../git/ensure-mirror.ts";
import { uniqueName } from "../testing/factories.ts";
import { gitAuthEnv } from "./git-auth-env.ts";

const TOKEN = "ghs_test_token_0123456789";
let root: string;
let server: Server;
let url: string;
let baseSha: string;
const seenAuthorization: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "orch-http-git-"));
  const work = path.join(root, "work");
  const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.test", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" }).trim();
  git(root, "init", "--quiet", work);
  git(work, "commit", "--quiet", "--allow-empty", "-m", "base");
  baseSha = git(work, "rev-parse", "HEAD");
  git(root, "clone", "--quiet", "--bare", work, path.join(root, "upstream.git"));
  git(path.join(root, "upstream.git"), "config", "http.receivepack", "true");
  const expected = `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;
  server = createServer((request, response) => {
    seenAuthorization.push(request.headers.authorization ?? "");
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { "www-authenticate": 'Basic realm="test"' }).end("token required");
      return;
    }
    const [pathInfo, query = ""] = (request.url ?? "/").split("?");
    const backend = spawn("git", ["http-backend"], {
      env: { ...process.env, GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: "1", PATH_INFO: pathInfo, QUERY_STRING: query, REQUEST_METHOD: request.method ?? "GET", CONTENT_TYPE: request.headers["content-type"] ?? "", REMOTE_USER: "x-access-token", REMOTE_ADDR: "127.0.0.1" },
    });
    request.pipe(backend.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    backend.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) return void response.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      headersDone = true;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString().split("\r\n")) {
        const [name, ...value] = line.split(": ");
        if (name!.toLowerCase() === "status") status = Number.parseInt(value.join(": "), 10);
        else headers[name!] = value.join(": ");
      }
      response.writeHead(status, headers);
      response.write(head.subarray(end + 4));
    });
    backend.stdout.on("end", () => response.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/upstream.git`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

const connected = { githubOwner: "octo", githubRepo: "hello", githubToken: TOKEN, githubApiUrl: null };

describe("git with a GitHub token", () => {
  it("sends the token as a header from the environment: fetch and push work, and fail without it", async () => {
    const authEnv = gitAuthEnv(connected);
    expect(Object.values(authEnv).join(" ")).not.toContain(TOKEN); // base64 only, in the environment
    expect(gitAuthEnv({ ...connected, githubToken: null })).toEqual({});

    await expect(ensureMirror({ dataDir: env.DATA_DIR, repositoryId: uniqueName("http-mirror"), upstream: url })).rejects.toThrow(/Could not clone the upstream/);

    const { mirrorPath } = await ensureMirror({ dataDir: env.DATA_DIR, repositoryId: uniqueName("http-mirror"), upstream: url, remoteEnv: authEnv });
    const tree = execFileSync("git", ["--git-dir", mirrorPath, "write-tree"], { encoding: "utf8" }).trim();
    const next = execFileSync("git", ["--git-dir", mirrorPath, "commit-tree", tree, "-p", baseSha, "-m", "merged"], { encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "T", GIT_AUTHOR_EMAIL: "t@example.test", GIT_COMMITTER_NAME: "T", GIT_COMMITTER_EMAIL: "t@example.test" } }).trim();
    await expect(pushBase({ mirrorPath, upstream: url, baseBranch: "main", baseSha, mergeSha: next })).rejects.toThrow();
    await pushBase({ mirrorPath, upstream: url, baseBranch: "main", baseSha, mergeSha: next, env: authEnv });
    expect(execFileSync("git", ["--git-dir", path.join(root, "upstream.git"), "rev-parse", "main"], { encoding: "utf8" }).trim()).toBe(next);
    expect(seenAuthorization.some((header) => header.startsWith("Basic "))).toBe(true);
  }, 30_000);
});
