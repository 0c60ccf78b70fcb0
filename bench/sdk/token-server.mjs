// A bare node:http server answering every request with a fixed access-token JSON body, run in
// its own process so that it does not share the client's CPU. Prints its URL on stdout.
import { createServer } from "node:http";

const body = JSON.stringify({
  accessToken:
    "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4YTIxMGI2OC02OTg4LTExZWQtYTFlYi0wMjQyYWMxMjAwMDIiLCJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl",
});
const server = createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
