import { z } from "zod";
import { Role } from "../generated/prisma/enums.ts";

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(Role),
  disabled: z.boolean(),
  createdAt: z.string(),
});

export type UserDto = z.infer<typeof userSchema>;

export function userDto(user: { id: string; email: string; name: string | null; role: Role; disabled: boolean; createdAt: Date }): UserDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role, disabled: user.disabled, createdAt: user.createdAt.toISOString() };
}
