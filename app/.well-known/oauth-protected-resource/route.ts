import { protectedResourceMetadata } from "@/lib/mcp/handle-mcp-request";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return Response.json(protectedResourceMetadata(request));
}
