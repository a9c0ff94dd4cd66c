// Typed reads from JSON the agents print: a field that is missing or of another type reads as undefined.
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The objects in an array field, skipping anything else. */
export function asObjects(value: unknown): JsonObject[] {
  return asArray(value).flatMap((item) => {
    const object = asObject(item);
    return object ? [object] : [];
  });
}

/** The line as a JSON object, or undefined when it is not one. */
export function parseJsonObject(line: string): JsonObject | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return asObject(JSON.parse(line));
  } catch {
    return undefined;
  }
}
