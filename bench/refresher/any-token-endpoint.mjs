// A token endpoint for ./parts.ts, in its own process so that its CPU is not the caller's:
// answers every request with a refresh-grant response of the benchmark's shape (a fresh random
// refresh token each time), whatever was sent. Prints its URL on stdout.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const body = `{"access_token":"at-${randomBytes(18).toString("base64url")}","token_type":"Bearer","expires_in":1800,"refresh_token":"rt-${randomBytes(18).toString("base64url")}"}`;
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}/token`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
