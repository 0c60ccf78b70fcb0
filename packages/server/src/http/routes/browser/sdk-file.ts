// GET /connections-sdk.js: the Connections UI module, built by packages/connections.
// Module scripts are fetched with CORS, so the file itself is readable from any origin
// (`Access-Control-Allow-Origin: *`; it is public code and carries no credentials); the
// data the component then asks for stays behind the per-client allowed-origins list.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "../../../errors.js";

/** src/http/routes/browser and dist/http/routes/browser sit at the same depth. */
const MODULE_FILE = new URL("../../../../../connections/dist/connections-sdk.js", import.meta.url);

interface ModuleFile {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

async function loadModule(file: URL): Promise<ModuleFile | undefined> {
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return undefined;
  }
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  return { body, gzipped: gzipSync(body, { level: 9 }), etag };
}

function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers["accept-encoding"];
  return typeof header === "string" && /\bgzip\b/.test(header);
}

export async function sdkFileRoute(app: FastifyInstance, options: { file?: URL } = {}): Promise<void> {
  // Read once: the file only changes with a new build, and a new build means a restart.
  let loaded: Promise<ModuleFile | undefined> | undefined;
  const moduleFile = () => (loaded ??= loadModule(options.file ?? MODULE_FILE));

  const send = async (request: FastifyRequest, reply: FastifyReply) => {
    const file = await moduleFile();
    reply.header("access-control-allow-origin", "*").header("cross-origin-resource-policy", "cross-origin");
    if (!file) {
      loaded = undefined; // built later: pick it up on the next request
      throw notFound("connections-sdk.js is not built: run `npm run build`.");
    }
    reply
      .header("content-type", "text/javascript; charset=utf-8")
      // Short freshness plus revalidation: hosts import a fixed URL, so a new release must
      // reach browsers within minutes, and an unchanged file costs a 304.
      .header("cache-control", "public, max-age=300, must-revalidate")
      .header("etag", file.etag)
      .header("vary", "accept-encoding")
      .header("x-content-type-options", "nosniff");
    if (request.headers["if-none-match"] === file.etag) return reply.code(304).send();
    if (acceptsGzip(request)) return reply.header("content-encoding", "gzip").send(file.gzipped);
    return reply.send(file.body);
  };

  app.get("/connections-sdk.js", { config: { auth: "none" } }, send);
}
