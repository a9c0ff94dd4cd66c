import { apiRoute, searchParams } from "@/lib/http/api-route";
import { usageCsv } from "@/lib/runs/usage-csv";
import { usageReport } from "@/lib/runs/usage-report";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor, request }) => {
  const report = await usageReport(actor, searchParams(request));
  return new Response(usageCsv(report), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="usage-by-${report.groupBy}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv"`,
    },
  });
});
