import { asAppError } from "@/lib/http/as-app-error";
import { receiveWebhook } from "@/lib/pipeline/receive-webhook";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GitHub's webhook deliveries (check_run, check_suite, status; ping), signed with GITHUB_WEBHOOK_SECRET. */
export async function POST(request: Request): Promise<Response> {
  try {
    const result = await receiveWebhook({
      event: request.headers.get("x-github-event"),
      deliveryId: request.headers.get("x-github-delivery"),
      signature: request.headers.get("x-hub-signature-256"),
      body: Buffer.from(await request.arrayBuffer()),
    });
    return Response.json({ ok: true, ...result });
  } catch (error) {
    return asAppError(error).toResponse();
  }
}
