// The baseline reverse proxy for the proxy benchmark: node:http in front of one undici Pool to
// the upstream (UPSTREAM, an origin), forwarding the method, the path and query as they came,
// the Accept header and a fixed bearer token (UPSTREAM_TOKEN), and streaming back the status,
// Content-Type, Content-Length and body. No authentication, no logging, no checks: the least a
// Node reverse proxy does. In its own process; prints its origin on stdout when ready.
import { createServer } from "node:http";
import { Pool } from "undici";

const pool = new Pool(process.env.UPSTREAM, { keepAliveTimeout: 10_000 });
const authorization = `Bearer ${process.env.UPSTREAM_TOKEN ?? ""}`;

const server = createServer((req, res) => {
  const headers = { authorization };
  if (req.headers.accept) headers.accept = req.headers.accept;
  pool.stream(
    { path: req.url, method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? null : req },
    ({ statusCode, headers: answer }) => {
      const out = {};
      if (answer["content-type"]) out["content-type"] = answer["content-type"];
      if (answer["content-length"]) out["content-length"] = answer["content-length"];
      res.writeHead(statusCode, out);
      return res;
    },
    (error) => {
      if (!error) return;
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { "content-type": "application/json" }).end('{"error":"bad gateway"}');
    },
  );
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
