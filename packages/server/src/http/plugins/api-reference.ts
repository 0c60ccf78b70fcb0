// GET /docs: the browsable API reference. Swagger UI (the swagger-ui-dist package, its files
// served as they are from the package's directory) renders `/openapi.json`; all this file adds
// is the bootstrap page and the script that starts the viewer.
//
// Under a strict Content-Security-Policy like the server's other pages, without inline scripts
// or styles: the start-up script is a file of its own, and the page hands it the document's URL
// in a data attribute. The viewer's files live under a path that names their version, so
// browsers keep them for a year (`immutable`) and a new version is a new path; the page itself
// is revalidated on every visit.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "../../errors.js";
import { escapeHtml } from "../routes/browser/html.js";

export const REFERENCE_PATH = "/docs";

const VIEWER_DIR = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const VIEWER_VERSION = (JSON.parse(readFileSync(path.join(VIEWER_DIR, "package.json"), "utf8")) as { version: string }).version;

/** Starts Swagger UI on the page's `#swagger-ui`, with the document named by its `data-url`. */
const START_SCRIPT = `"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.url,
    domNode: root,
    deepLinking: true,
    displayOperationId: true,
    defaultModelsExpandDepth: 1,
    docExpansion: "list",
    // No call to an outside validator, and no API key kept in the browser's storage.
    validatorUrl: null,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
`;

const JAVASCRIPT = "text/javascript; charset=utf-8";

/** The files the page loads: the viewer's own, as shipped, and the start-up script. */
const ASSETS: Record<string, { type: string; source: string | { text: string } }> = {
  "swagger-ui.css": { type: "text/css; charset=utf-8", source: "swagger-ui.css" },
  "index.css": { type: "text/css; charset=utf-8", source: "index.css" },
  "swagger-ui-bundle.js": { type: JAVASCRIPT, source: "swagger-ui-bundle.js" },
  "favicon-32x32.png": { type: "image/png", source: "favicon-32x32.png" },
  "favicon-16x16.png": { type: "image/png", source: "favicon-16x16.png" },
  "start.js": { type: JAVASCRIPT, source: { text: START_SCRIPT } },
};

/** Names this release of the files: the viewer's version and our script's content. */
const ASSET_TAG = `${VIEWER_VERSION}-${createHash("sha256").update(START_SCRIPT).digest("hex").slice(0, 8)}`;

interface LoadedAsset {
  type: string;
  body: Buffer;
  /** For text files: what most browsers download instead (the bundle: 1.7 MB → about 0.5 MB). */
  gzipped: Buffer | undefined;
  etag: string;
}

async function loadAsset(name: string): Promise<LoadedAsset | undefined> {
  const asset = ASSETS[name];
  if (!asset) return undefined;
  const body = typeof asset.source === "string" ? await readFile(path.join(VIEWER_DIR, asset.source)) : Buffer.from(asset.source.text);
  const compressible = !asset.type.startsWith("image/");
  return {
    type: asset.type,
    body,
    gzipped: compressible ? gzipSync(body, { level: 9 }) : undefined,
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
  };
}

const acceptsGzip = (request: FastifyRequest): boolean => /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));

/** The page's policy: only this server's own files, and calls to the API it documents. */
function contentSecurityPolicy(publicUrl: string): string {
  const api = new URL(publicUrl).origin;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${api}`,
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function referencePage(prefix: string): string {
  const assets = escapeHtml(`${prefix}${REFERENCE_PATH}/assets/${ASSET_TAG}/`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Platform API reference</title>
<link rel="stylesheet" href="${assets}swagger-ui.css">
<link rel="stylesheet" href="${assets}index.css">
<link rel="icon" type="image/png" href="${assets}favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="${assets}favicon-16x16.png" sizes="16x16">
</head>
<body>
<div id="swagger-ui" data-url="${escapeHtml(`${prefix}/openapi.json`)}"></div>
<script src="${assets}swagger-ui-bundle.js"></script>
<script src="${assets}start.js"></script>
</body>
</html>
`;
}

export function registerApiReference(app: FastifyInstance): void {
  const { publicUrl } = app.context.config;
  // The server may sit under a path of PUBLIC_URL (a gateway's `/platform`): links keep it.
  const prefix = new URL(publicUrl).pathname.replace(/\/$/, "");
  const page = referencePage(prefix);
  const csp = contentSecurityPolicy(publicUrl);

  app.get(REFERENCE_PATH, { config: { auth: "none" } }, async (_request, reply: FastifyReply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", csp)
      .header("x-frame-options", "DENY")
      .header("referrer-policy", "no-referrer")
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "no-cache")
      .send(page),
  );

  // Each file is read (and compressed) once, at its first request.
  const loaded = new Map<string, Promise<LoadedAsset | undefined>>();
  app.get<{ Params: { tag: string; file: string } }>(
    `${REFERENCE_PATH}/assets/:tag/:file`,
    { config: { auth: "none" } },
    async (request, reply) => {
      const { tag, file } = request.params;
      if (tag !== ASSET_TAG || !Object.hasOwn(ASSETS, file)) throw notFound();
      let pending = loaded.get(file);
      if (!pending) {
        // A failed read is not kept: the next request tries again.
        pending = loadAsset(file).catch((error: unknown) => {
          loaded.delete(file);
          throw error;
        });
        loaded.set(file, pending);
      }
      const asset = await pending;
      if (!asset) throw notFound();
      reply
        .header("content-type", asset.type)
        .header("cache-control", "public, max-age=31536000, immutable")
        .header("etag", asset.etag)
        .header("x-content-type-options", "nosniff");
      if (asset.gzipped) reply.header("vary", "accept-encoding");
      if (request.headers["if-none-match"] === asset.etag) return reply.code(304).send();
      if (asset.gzipped && acceptsGzip(request)) return reply.header("content-encoding", "gzip").send(asset.gzipped);
      return reply.send(asset.body);
    },
  );
}
