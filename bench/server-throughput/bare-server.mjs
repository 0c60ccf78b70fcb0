// The baseline: a bare node:http server answering every request with one fixed JSON body (the
// same bytes the platform server answers on the token endpoint). Prints its port when ready.
// WORKERS=N runs N such processes sharing the port through node:cluster, as the platform
// server does with the same setting, so that each side can be measured at its best.
import cluster from "node:cluster";
import { createServer } from "node:http";

const workers = Number(process.env.WORKERS ?? 1);
const body = Buffer.from(process.env.BODY ?? '{"accessToken":"x"}');

if (workers > 1 && cluster.isPrimary) {
  // Workers that listen on port 0 all get the same port from the primary.
  let listening = 0;
  for (let i = 0; i < workers; i++) {
    cluster.fork().once("message", (port) => {
      listening += 1;
      if (listening === workers) process.stdout.write(`${port}\n`);
    });
  }
  process.on("SIGTERM", () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    process.exit(0);
  });
} else {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
    res.end(body);
  });
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    if (cluster.isWorker) process.send(port);
    else process.stdout.write(`${port}\n`);
  });
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
