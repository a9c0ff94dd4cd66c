import type { ErrorBody } from "../errors.ts";
import { asAppError } from "./as-app-error.ts";

export type ActionResult<T> = { ok: true; data: T } | ({ ok: false } & ErrorBody);

/** Server actions answer with data or the same error body as the API, never a thrown error. */
export async function actionResult<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    return { ok: false, ...asAppError(error).toBody() };
  }
}
