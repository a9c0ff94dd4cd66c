/** Set while a task is open and cleared when it is merged or closed, so open branches stay unique. */
export function openBranchKey(repositoryId: string, branch: string): string {
  return `${repositoryId}:${branch}`;
}
