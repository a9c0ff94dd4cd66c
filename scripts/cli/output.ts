/** Human output by default, `--json` for machines; colour only on a terminal and without NO_COLOR. */
export interface Output {
  json: boolean;
  color: boolean;
  print(text: string): void;
  data(value: unknown): void;
}

export function output(flags: { json?: boolean; "no-color"?: boolean }): Output {
  const color = !flags.json && !flags["no-color"] && !process.env.NO_COLOR && process.stdout.isTTY === true;
  return {
    json: flags.json === true,
    color,
    print: (text) => process.stdout.write(`${text}\n`),
    data: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  };
}

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;

export function paint(out: Output, style: keyof typeof CODES, text: string): string {
  return out.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

/** A unified diff coloured as `git diff` colours it. */
export function colorDiff(out: Output, patch: string): string {
  if (!out.color) return patch;
  return patch
    .split("\n")
    .map((line) => {
      if (/^(diff --git|index |--- |\+\+\+ |new file|deleted file|similarity|rename )/.test(line)) return paint(out, "bold", line);
      if (line.startsWith("@@")) return paint(out, "cyan", line);
      if (line.startsWith("+")) return paint(out, "green", line);
      if (line.startsWith("-")) return paint(out, "red", line);
      return line;
    })
    .join("\n");
}
