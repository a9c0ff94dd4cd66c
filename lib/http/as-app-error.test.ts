import { expect, test } from "vitest";
import { Prisma } from "../generated/prisma/client.ts";
import { asAppError } from "./as-app-error.ts";

test("a transaction that could not get its turn answers 503 with Retry-After, not 500", async () => {
  const busy = new Prisma.PrismaClientKnownRequestError("Transaction API error: Unable to start a transaction in the given time.", {
    code: "P2028",
    clientVersion: Prisma.prismaVersion.client,
  });
  const response = asAppError(busy).toResponse();
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("2");
  expect(await response.json()).toEqual({ error: { code: "unavailable", message: "The database is busy; try again in a moment." } });
});
