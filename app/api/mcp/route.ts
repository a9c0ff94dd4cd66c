import { handleMcpRequest } from "@/lib/mcp/handle-mcp-request";

export const dynamic = "force-dynamic";

export { handleMcpRequest as POST, handleMcpRequest as GET, handleMcpRequest as DELETE };
