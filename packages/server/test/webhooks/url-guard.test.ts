// The SSRF guard: address classification, URL checks at registration, and the check at
// delivery time on the address actually connected to.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { createWebhookPoster } from "../../src/webhooks/post.js";
import { checkConsumerUrl, isForbiddenAddress } from "../../src/webhooks/url-guard.js";

const forbidden = [
  "127.0.0.1", "127.255.255.254", "0.0.0.0", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
  "169.254.169.254", "100.64.0.1", "100.127.255.255", "224.0.0.251", "239.255.255.250", "255.255.255.255",
  "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
  "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:a9fe:a9fe", "64:ff9b::a00:1", "2002:c0a8:101::1",
  // IPv4-translated (::ffff:0:0:0/96), of private addresses and of any other.
  "::ffff:0:7f00:1", "::ffff:0:a00:1", "::ffff:0:a9fe:a9fe", "::ffff:0:808:808", "::ffff:0:0:0",
];
const allowed = ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"];

test("classifies private, loopback, link-local, CGNAT, multicast, unspecified and mapped addresses", () => {
  for (const address of forbidden) assert.equal(isForbiddenAddress(address), true, address);
  for (const address of allowed) assert.equal(isForbiddenAddress(address), false, address);
  assert.equal(isForbiddenAddress("not-an-ip"), true);
});

test("registration refuses bad schemes, credentials and URLs that resolve to internal addresses", async () => {
  assert.match((await checkConsumerUrl("ftp://example.com/x", false))!, /https or http/);
  assert.match((await checkConsumerUrl("/relative", false))!, /absolute/);
  assert.match((await checkConsumerUrl("https://user:pw@example.com/", false))!, /credentials/);
  assert.match((await checkConsumerUrl(`https://example.com/${"a".repeat(2100)}`, false))!, /at most/);
  for (const url of ["http://127.0.0.1:8080/", "http://[::1]/", "http://[::ffff:7f00:1]/", "http://2130706433/", "http://0x7f.1/", "http://localhost/", "http://169.254.169.254/latest/meta-data"]) {
    assert.match((await checkConsumerUrl(url, false))!, /loopback, link-local or private/, url);
  }
  assert.equal(await checkConsumerUrl("http://localhost:1234/hook", true), undefined);
  assert.equal(await checkConsumerUrl("https://8.8.8.8/hook", false), undefined);
});

test("delivery refuses loopback targets, by literal and by name, unless private URLs are allowed", async (t) => {
  let hits = 0;
  const receiver = http.createServer((req, res) => {
    hits++;
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  t.after(() => receiver.close());
  const port = (receiver.address() as AddressInfo).port;

  const guarded = createWebhookPoster({ timeoutMs: 2000, allowPrivate: false });
  const byLiteral = await guarded.post(`http://127.0.0.1:${port}/`, "{}", {});
  assert.equal(byLiteral.ok, false);
  assert.match(byLiteral.error!, /forbidden address/);
  // A name resolving to loopback is refused when the socket connects (the DNS-rebinding case).
  const byName = await guarded.post(`http://localhost:${port}/`, "{}", {});
  assert.equal(byName.ok, false);
  assert.match(byName.error!, /forbidden address/);
  guarded.close();
  assert.equal(hits, 0);

  const open = createWebhookPoster({ timeoutMs: 2000, allowPrivate: true });
  const delivered = await open.post(`http://localhost:${port}/`, "{}", { "webhook-id": "x" });
  open.close();
  assert.deepEqual([delivered.ok, delivered.statusCode], [true, 204]);
  assert.equal(hits, 1);
});

test("delivery times out, and treats a redirect as a failure without following it", async (t) => {
  const paths: string[] = [];
  const receiver = http.createServer((req, res) => {
    paths.push(req.url!);
    if (req.url === "/slow") return; // never answers
    res.writeHead(302, { location: "/elsewhere" }).end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  t.after(() => receiver.close());
  t.after(() => receiver.closeAllConnections());
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const poster = createWebhookPoster({ timeoutMs: 300, allowPrivate: true });
  t.after(() => poster.close());

  const slow = await poster.post(`${base}/slow`, "{}", {});
  assert.equal(slow.ok, false);
  assert.match(slow.error!, /timed out after 300 ms/);
  assert.ok(slow.durationMs >= 250 && slow.durationMs < 2000, String(slow.durationMs));

  const redirected = await poster.post(`${base}/redirect`, "{}", {});
  assert.deepEqual([redirected.ok, redirected.statusCode], [false, 302]);
  assert.deepEqual(paths, ["/slow", "/redirect"]);
});
