import { isUniqueViolation } from "../db/errors.ts";
import { fieldError, type AppError } from "../errors.ts";

export function nameConflict(name: string): AppError {
  return fieldError("name", `A repository named "${name}" already exists.`, "conflict");
}

/** A write that races another one to the same name answers 409 like the check before it. */
export async function withNameConflict<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameConflict(name);
    throw error;
  }
}
