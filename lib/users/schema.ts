import { z } from "zod";
import { ROLES } from "../auth/roles.ts";
import { text } from "../validation.ts";

export const emailSchema = z
  .string({ error: "Email is required" })
  .trim()
  .toLowerCase()
  .max(254, "Email must be at most 254 characters")
  .pipe(z.email("Enter a valid email address"));

export const passwordSchema = z
  .string({ error: "Password is required" })
  .min(8, "Password must be at least 8 characters")
  .max(200, "Password must be at most 200 characters");

export const roleSchema = z.enum(ROLES, { error: `Role must be one of ${ROLES.join(", ")}` });

export const newUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  role: roleSchema.default("viewer"),
  name: text(100, "Name").optional(),
});

export const userChangeSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((change) => change.role !== undefined || change.disabled !== undefined, "Nothing to change");
