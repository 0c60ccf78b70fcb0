// Takes docs/connections-ui.png: the /demo host application with the component open, as
// `npm start` serves it (seeded demo company), in headless Chromium.
// Run: node --import tsx bench/connections/screenshot.ts
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@codat/test-kit/browser";
import { startDemoServer } from "@codat/test-kit/connections";

const output = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "connections-ui.png");

const { server } = await startDemoServer();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1040, height: 920 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}/demo`);
  await page.click("#open");
  await page.waitForSelector("dialog[open] li.connection");
  await page.waitForFunction(() => {
    const root = document.querySelector("[data-codat-connections]")?.shadowRoot;
    const images = [...(root?.querySelectorAll<HTMLImageElement>(".logo img") ?? [])];
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
  });
  await page.screenshot({ path: output });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await server.close();
}
