// The baseline: a bare node:http server answering every request with one fixed JSON body (the
// same bytes the platform server answers on the token endpoint). Prints its port when ready.
import { createServer } from "node:http";

const body = Buffer.from(process.env.BODY ?? '{"accessToken":"x"}');
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
