// Connections UI benchmark:
// - size: the bytes of `/connections-sdk.js` as the server sends it (raw and gzip-encoded);
// - render: in headless Chromium, from `new CodatConnections(...)` to a rendered list of 50
//   connections (DOM in place and one animation frame later, i.e. styled and laid out), for a
//   host page on another allowed origin (the first mount also pays for the CORS preflight,
//   which the browser then caches for Access-Control-Max-Age).
//   The first mount of a page and the median of the following ones are reported.
// Prints a Markdown table for BENCHMARKS.md and writes bench/results/connections.json.
// Needs the component built (`npm run build -w packages/connections`) and /usr/bin/chromium.
// Run: node --import tsx bench/connections/run.ts [runs]
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CATALOGUE } from "../../packages/server/src/catalogue/integrations.js";
import { createCompany } from "../../packages/server/src/storage/repositories/companies.js";
import { createConnection, type ConnectionStatus } from "../../packages/server/src/storage/repositories/connections.js";
import { launchChromium } from "@codat/test-kit/browser";
import { accessToken, contentSecurityPolicy, hostPageHtml, serveHostPage, setAllowedOrigins } from "@codat/test-kit/connections";
import { startTestServer, type TestServer } from "@codat/test-kit/server";

const RUNS = Number(process.argv[2] ?? 15);
const CONNECTIONS = 50;
const STATUSES: ConnectionStatus[] = ["Linked", "Unlinked", "Deauthorized"];

async function servedSize(url: string) {
  const raw = await fetch(`${url}/connections-sdk.js`, { headers: { "accept-encoding": "identity" } });
  const gzip = await fetch(`${url}/connections-sdk.js`, { headers: { "accept-encoding": "gzip" } });
  // fetch decodes gzip transparently; the wire size is the Content-Length header.
  return {
    rawBytes: (await raw.arrayBuffer()).byteLength,
    gzipBytes: Number(gzip.headers.get("content-length")),
    contentEncoding: gzip.headers.get("content-encoding"),
  };
}

async function companyWithConnections(server: TestServer): Promise<string> {
  const now = new Date();
  const company = await createCompany(server.db, server.clientId, { name: "Bench Ltd", now });
  for (let i = 0; i < CONNECTIONS; i++) {
    const entry = CATALOGUE[i % CATALOGUE.length]!;
    await createConnection(server.db, server.clientId, company.id, {
      integrationId: entry.integrationId,
      integrationKey: entry.key,
      sourceId: entry.sourceId,
      sourceType: entry.sourceType,
      platformName: entry.name,
      status: STATUSES[i % STATUSES.length]!,
      lastSync: new Date(now.getTime() - i * 3_600_000).toISOString(),
      now,
    });
  }
  return company.id;
}

interface Run {
  domMs: number;
  frameMs: number;
  /** From the list response's last byte to the 50 items in the DOM. */
  afterResponseMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const server = await startTestServer();
const host = await serveHostPage(hostPageHtml(server.url), contentSecurityPolicy(server.url));
const browser = await launchChromium();
try {
  await setAllowedOrigins(server, [host.origin]);
  const size = await servedSize(server.url);
  const token = await accessToken(server, await companyWithConnections(server));

  const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
  await page.goto(host.url);
  await page.waitForFunction(() => (window as unknown as { hostReady?: boolean }).hostReady === true);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    runs.push(
      await page.evaluate(
        ([t, expected]) =>
          new Promise<Run>((resolve, reject) => {
            const w = window as unknown as { ui?: { destroy(): void }; mount(token: string): void };
            w.ui?.destroy();
            performance.clearResourceTimings();
            const start = performance.now();
            w.mount(t as string);
            const root = document.querySelector("[data-codat-connections]")!.shadowRoot!;
            const timer = setTimeout(() => reject(new Error("list not rendered within 10 s")), 10_000);
            const observer = new MutationObserver(() => {
              if (root.querySelectorAll("li.connection").length !== expected) return;
              observer.disconnect();
              const domAt = performance.now();
              // The list call's own timing: what is left is the component's work.
              const list = performance
                .getEntriesByType("resource")
                .find((e) => e.name.includes("/connections?")) as PerformanceResourceTiming | undefined;
              requestAnimationFrame(() => {
                clearTimeout(timer);
                resolve({
                  domMs: domAt - start,
                  frameMs: performance.now() - start,
                  afterResponseMs: list ? domAt - list.responseEnd : Number.NaN,
                });
              });
            });
            observer.observe(root, { childList: true, subtree: true });
          }),
        [token, CONNECTIONS] as const,
      ),
    );
  }
  const [first, ...warm] = runs;
  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load average ${os.loadavg()[0]?.toFixed(1)}`,
    chromium: browser.version(),
    size,
    connections: CONNECTIONS,
    firstMount: first,
    warmMedian: {
      domMs: median(warm.map((r) => r.domMs)),
      frameMs: median(warm.map((r) => r.frameMs)),
      afterResponseMs: median(warm.map((r) => r.afterResponseMs)),
    },
    warmRuns: warm.length,
  };
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "results");
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "connections.json"), `${JSON.stringify(result, null, 2)}\n`);

  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(
    [
      `Measured ${result.date.slice(0, 10)} on ${result.machine}, Node ${process.version}, Chromium ${result.chromium}.`,
      "",
      "| `/connections-sdk.js` as served | bytes |",
      "| --- | ---: |",
      `| raw | ${size.rawBytes} |`,
      `| gzip (\`Content-Encoding: ${size.contentEncoding}\`) | ${size.gzipBytes} (${(size.gzipBytes / 1024).toFixed(1)} KB of the 25 KB budget) |`,
      "",
      `| mount → list of ${CONNECTIONS} connections (headless Chromium, cross-origin host page) | DOM complete | next frame | of which after the list response |`,
      "| --- | ---: | ---: | ---: |",
      `| first mount on the page | ${ms(first!.domMs)} | ${ms(first!.frameMs)} | ${ms(first!.afterResponseMs)} |`,
      `| median of the next ${warm.length} mounts | ${ms(result.warmMedian.domMs)} | ${ms(result.warmMedian.frameMs)} | ${ms(result.warmMedian.afterResponseMs)} |`,
    ].join("\n"),
  );
} finally {
  await browser.close();
  await host.close();
  await server.close();
}
