const LIMIT = 1_000;
const facts = new Map<string, unknown>();

/**
 * What git answers about given commits (is one an ancestor of the other, do they merge cleanly) never
 * changes, since commits are immutable: the answer is remembered (the latest 1,000), so the merge box,
 * polled by people and orchestrators, does not start git for it again. Only answers `keep` accepts are
 * remembered; a failure is asked again.
 */
export async function rememberCommitFact<T>(key: string[], compute: () => Promise<T>, keep: (answer: T) => boolean = () => true): Promise<T> {
  const id = key.join("\0");
  if (facts.has(id)) {
    const answer = facts.get(id) as T;
    facts.delete(id);
    facts.set(id, answer);
    return answer;
  }
  const answer = await compute();
  if (keep(answer)) {
    facts.set(id, answer);
    if (facts.size > LIMIT) facts.delete(facts.keys().next().value!);
  }
  return answer;
}

/** The remembered answer, or undefined: never asks git. */
export function knownCommitFact<T>(key: string[]): T | undefined {
  return facts.get(key.join("\0")) as T | undefined;
}
