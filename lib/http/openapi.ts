import { z } from "zod";
import { repositoryInputSchema } from "../repositories/schema.ts";
import { taskListQuerySchema } from "../tasks/list-query-schema.ts";
import { taskSpecSchema } from "../tasks/spec-schema.ts";
import { newUserSchema } from "../users/schema.ts";

const errorSchema = z.object({
  error: z.object({
    code: z.enum(["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "validation_failed", "internal"]),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

const schemas = {
  RepositoryInput: repositoryInputSchema,
  TaskSpec: taskSpecSchema,
  NewUser: newUserSchema,
  Error: errorSchema,
};

const ref = (name: keyof typeof schemas) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (name: keyof typeof schemas) => ({
  required: true,
  content: { "application/json": { schema: ref(name) } },
});
const errors = Object.fromEntries(
  [
    ["400", "The body is not JSON"],
    ["401", "No valid token or session"],
    ["403", "The role is too low"],
    ["404", "Not found"],
    ["409", "Conflicts with existing data"],
    ["422", "Invalid input, with a message per field"],
  ].map(([status, description]) => [
    status,
    { description, content: { "application/json": { schema: ref("Error") } } },
  ]),
);
const ok = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string" } };

function queryParameters(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: "query",
    required: false,
    schema: z.toJSONSchema(field as z.ZodType, { io: "input", unrepresentable: "any" }),
  }));
}

/** The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the services validate with. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: { title: "Code Orchestrator API", version: "1" },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    paths: {
      "/api/health": {
        get: { security: [], summary: "Liveness and database kind", responses: { "200": ok("{ok, db}") } },
      },
      "/api/v1/repositories": {
        get: { summary: "List repositories", responses: { "200": ok("{items}"), ...errors } },
        post: {
          summary: "Register a repository (maintainer)",
          requestBody: jsonBody("RepositoryInput"),
          responses: { "201": ok("The repository"), ...errors },
        },
      },
      "/api/v1/repositories/{id}": {
        get: { summary: "One repository", parameters: [idParameter], responses: { "200": ok("The repository"), ...errors } },
      },
      "/api/v1/tasks": {
        get: {
          summary: "List tasks, newest first, 20 a page",
          parameters: queryParameters(taskListQuerySchema),
          responses: { "200": ok("{items, total, page, pageSize}"), ...errors },
        },
        post: {
          summary: "Create a task from a spec (operator)",
          requestBody: jsonBody("TaskSpec"),
          responses: { "201": ok("The task"), ...errors },
        },
      },
      "/api/v1/tasks/{id}": {
        get: { summary: "One task", parameters: [idParameter], responses: { "200": ok("The task"), ...errors } },
      },
      "/api/v1/users": {
        post: { summary: "Create a user (admin)", requestBody: jsonBody("NewUser"), responses: { "201": ok("The user"), ...errors } },
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
      schemas: Object.fromEntries(
        Object.entries(schemas).map(([name, schema]) => [name, z.toJSONSchema(schema, { io: "input", unrepresentable: "any" })]),
      ),
    },
  };
}
