import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";

/** The first executable file named `binary` in the server's PATH. */
export async function findOnPath(binary: string, searchPath = process.env.PATH ?? ""): Promise<string | undefined> {
  for (const directory of searchPath.split(path.delimiter)) {
    if (!directory) continue;
    const candidate = path.join(directory, binary);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutableFile(candidate: string): Promise<boolean> {
  try {
    await access(candidate, constants.X_OK);
    return (await stat(candidate)).isFile();
  } catch {
    return false;
  }
}
