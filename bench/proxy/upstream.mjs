// The platform's API for the proxy benchmark: a bare node:http server answering every request
// with one small JSON body (two invoices, 261 bytes), in its own process. It counts the
// requests that carry the expected bearer token (UPSTREAM_TOKEN) and those that do not, and
// reports both at GET /__counts (not counted). Prints its origin on stdout when ready.
import { createServer } from "node:http";

const expected = `Bearer ${process.env.UPSTREAM_TOKEN ?? ""}`;
const body = Buffer.from(
  JSON.stringify({
    Invoices: [
      { InvoiceID: "243216c5-369e-4056-ac67-05388f86dc81", Type: "ACCREC", Status: "AUTHORISED", Total: 1250.5, CurrencyCode: "GBP" },
      { InvoiceID: "5b96e6c1-2a5e-4f4c-8b9e-0d61d1a2c7f3", Type: "ACCPAY", Status: "PAID", Total: 99.99, CurrencyCode: "GBP" },
    ],
  }),
);
const counts = { withToken: 0, withoutToken: 0 };
const server = createServer((req, res) => {
  if (req.url === "/__counts") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(counts));
    return;
  }
  if (req.headers.authorization === expected) counts.withToken++;
  else counts.withoutToken++;
  req.resume();
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
