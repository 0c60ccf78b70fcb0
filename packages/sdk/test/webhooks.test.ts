// verifyWebhook against signatures made by the independent `standardwebhooks` package.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { Webhook } from "standardwebhooks";
import { verifyWebhook, WebhookVerificationError } from "../src/webhooks/index.js";

const secret = `whsec_${randomBytes(32).toString("base64")}`;
const reference = new Webhook(secret);
const body = JSON.stringify({
  id: "6f0a3c47-4b8e-4a55-9c2e-0d4c1d2f9e11",
  eventType: "connection.disconnected",
  generatedDate: "2026-01-01T00:00:00.000Z",
  payload: { connection: { id: "c1", status: "Unlinked" } },
});

function signed(at = new Date(), id = "6f0a3c47-4b8e-4a55-9c2e-0d4c1d2f9e11", payload = body) {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": reference.sign(id, at, payload),
  };
}

async function rejects(promise: Promise<unknown>, message: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof WebhookVerificationError);
    assert.match(error.message, message);
    return true;
  });
}

test("accepts a delivery signed by the reference implementation and returns the event", async () => {
  const event = await verifyWebhook(body, signed(), secret);
  assert.equal(event.eventType, "connection.disconnected");
  assert.equal(event.id, "6f0a3c47-4b8e-4a55-9c2e-0d4c1d2f9e11");
});

test("accepts a Uint8Array body, a Fetch Headers object and mixed-case header names", async () => {
  const headers = new Headers(signed());
  assert.equal((await verifyWebhook(new TextEncoder().encode(body), headers, secret)).eventType, "connection.disconnected");
  const upper = Object.fromEntries(Object.entries(signed()).map(([k, v]) => [k.toUpperCase(), v]));
  assert.equal((await verifyWebhook(body, upper, secret)).generatedDate, "2026-01-01T00:00:00.000Z");
});

test("accepts when any of several space-separated signatures matches (secret rotation)", async () => {
  const headers = signed();
  const other = new Webhook(`whsec_${randomBytes(32).toString("base64")}`).sign(headers["webhook-id"], new Date(), body);
  headers["webhook-signature"] = `${other} ${headers["webhook-signature"]}`;
  assert.ok(await verifyWebhook(body, headers, secret));
});

test("rejects a tampered body, a changed id, a wrong secret and an unknown version", async () => {
  await rejects(verifyWebhook(body.replace("Unlinked", "Linked"), signed(), secret), /No matching/);
  await rejects(verifyWebhook(body, { ...signed(), "webhook-id": "another" }, secret), /No matching/);
  await rejects(verifyWebhook(body, signed(), `whsec_${randomBytes(32).toString("base64")}`), /No matching/);
  const v2 = signed();
  v2["webhook-signature"] = v2["webhook-signature"].replace(/^v1,/, "v2,");
  await rejects(verifyWebhook(body, v2, secret), /No matching/);
  await rejects(verifyWebhook(body, { ...signed(), "webhook-signature": "v1,not base64!" }, secret), /No matching/);
});

test("rejects timestamps outside the tolerance, in both directions", async () => {
  const sixMinutes = 6 * 60 * 1000;
  await rejects(verifyWebhook(body, signed(new Date(Date.now() - sixMinutes)), secret), /too old/);
  await rejects(verifyWebhook(body, signed(new Date(Date.now() + sixMinutes)), secret), /too new/);
  // A wider tolerance accepts the same delivery; `now` makes the check deterministic.
  const at = new Date("2026-01-01T00:00:00Z");
  assert.ok(await verifyWebhook(body, signed(at), secret, { now: at.getTime() + sixMinutes, toleranceSeconds: 600 }));
  await rejects(verifyWebhook(body, { ...signed(), "webhook-timestamp": "soon" }, secret), /Invalid webhook-timestamp/);
});

test("rejects missing headers and a body that is not JSON", async () => {
  for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"] as const) {
    const headers: Record<string, string> = signed();
    delete headers[name];
    await rejects(verifyWebhook(body, headers, secret), new RegExp(`Missing ${name}`));
  }
  await rejects(verifyWebhook("not json", signed(undefined, undefined, "not json"), secret), /not JSON/);
});
