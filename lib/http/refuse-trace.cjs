// Preloaded into the Next.js server by scripts/start.ts. A TRACE or TRACK request cannot be turned into a
// fetch Request (the Fetch standard forbids those methods), so Next answers it with a 500 before any
// code of the app runs. It is answered here instead, before Next sees it.
const http = require("node:http");

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitRefusingTrace(event, request, response) {
  if (event === "request" && (request.method === "TRACE" || request.method === "TRACK")) {
    response.writeHead(405, { "content-type": "application/json", allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" });
    response.end(JSON.stringify({ error: { code: "bad_request", message: `${request.method} is not supported.` } }));
    return true;
  }
  return emit.apply(this, arguments);
};
