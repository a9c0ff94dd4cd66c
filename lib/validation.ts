import { z } from "zod";
import { validationError } from "./errors.ts";

/** A required, trimmed string of at most `max` characters. */
export function text(max: number, label = "This field") {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);
}

/** Parses input with a schema, or throws a 422 with a message per field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
