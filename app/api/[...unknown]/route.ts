import { AppError } from "@/lib/errors";

// Any /api path no route serves: a JSON 404 for every method. Left to the framework, it would render
// the not-found page, and a POST with a form body there is parsed as a server action (a 500 when
// the body is malformed).
const notFound = () => new AppError("not_found", "No such API route: see /api/v1/openapi.json.").toResponse();

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as HEAD, notFound as OPTIONS };
