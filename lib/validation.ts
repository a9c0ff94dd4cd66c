import { z } from "zod";
import { invalidFields, validationError, type FieldErrors } from "./errors.ts";

/** A required, trimmed string of at most `max` characters. */
export function text(max: number, label = "This field") {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);
}

// PostgreSQL cannot store NUL in text, and a lone UTF-16 surrogate has no UTF-8 form (it would be
// stored as U+FFFD): such text is refused rather than failing the query or being silently changed.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function unstorableTextProblem(value: string): string | null {
  return UNSTORABLE.test(value) ? "Contains a NUL character or an unpaired surrogate, which cannot be stored" : null;
}

function findUnstorableText(value: unknown, path: string[], fields: FieldErrors, depth = 0): void {
  if (depth > 64 || Object.keys(fields).length >= 10) return;
  if (typeof value === "string") {
    const problem = unstorableTextProblem(value);
    if (problem) fields[path.join(".") || "_"] = problem;
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => findUnstorableText(item, [...path, String(index)], fields, depth + 1));
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (unstorableTextProblem(key)) fields[[...path, "_key"].join(".")] = "A field name contains a NUL character or an unpaired surrogate";
      findUnstorableText(item, [...path, key], fields, depth + 1);
    }
  }
}

/**
 * Parses input with a schema, or throws a 422 with a message per field: the schema's, and for any
 * text that cannot be stored, that.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const unstorable: FieldErrors = {};
  findUnstorableText(input, [], unstorable);
  const result = schema.safeParse(input);
  if (result.success && Object.keys(unstorable).length === 0) return result.data;
  throw invalidFields({ ...unstorable, ...(result.success ? {} : validationError(result.error).fields) });
}
