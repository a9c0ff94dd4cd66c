// git check-ref-format's rules for a branch name, as a message naming the first rule broken.
const FORBIDDEN_CHARACTERS = /[\s~^:?*[\\]/;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function branchNameProblem(name: string): string | null {
  if (name.length === 0) return "is empty";
  if (name.length > 200) return "is longer than 200 characters";
  if (CONTROL_CHARACTERS.test(name)) return "contains a control character";
  if (FORBIDDEN_CHARACTERS.test(name)) return "contains a space or one of ~ ^ : ? * [ \\";
  if (name.includes("..")) return 'contains ".."';
  if (name.includes("@{")) return 'contains "@{"';
  if (name === "@") return 'is "@"';
  if (name.startsWith("/") || name.endsWith("/")) return 'starts or ends with "/"';
  if (name.includes("//")) return 'contains "//"';
  if (name.endsWith(".")) return 'ends with "."';
  if (name.startsWith("-")) return 'starts with "-"';
  for (const component of name.split("/")) {
    if (component.startsWith(".")) return 'has a part that starts with "."';
    if (component.endsWith(".lock")) return 'has a part that ends with ".lock"';
  }
  return null;
}
