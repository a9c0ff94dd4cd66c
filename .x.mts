import { readCommit } from "./lib/git/git.ts";
import { createBareGitRepo } from "./lib/testing/factories.ts";
const repo = await createBareGitRepo(["main"]);
for (let round = 0; round < 3; round++) {
  const t = performance.now();
  for (let i = 0; i < 20; i++) await readCommit(repo.path, "refs/heads/main");
  console.log("sequential per call", (performance.now() - t) / 20);
  const t2 = performance.now();
  for (let i = 0; i < 20; i++) await Promise.all([readCommit(repo.path, "refs/heads/main"), readCommit(repo.path, "refs/heads/nope")]);
  console.log("pair per call", (performance.now() - t2) / 20);
}
await repo.remove();
process.exit(0);
