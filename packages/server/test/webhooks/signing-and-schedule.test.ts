// Our signatures checked by the independent `standardwebhooks` package, and the retry
// schedule's promises (backoff, jitter bounds, more than 24 hours in total).
import assert from "node:assert/strict";
import { test } from "node:test";
import { Webhook } from "standardwebhooks";
import { MAX_ATTEMPTS, nominalRetryDelayMs, retryDelayMs } from "../../src/webhooks/retry-schedule.js";
import { generateSigningSecret, signingKey, signWebhook } from "../../src/webhooks/signer.js";

test("standardwebhooks verifies our signatures, and refuses them under another secret", () => {
  const secret = generateSigningSecret();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  const body = JSON.stringify({ id: "e1", eventType: "company.created", payload: { name: "Ünïcode Ltd" } });
  const headers = signWebhook(signingKey(secret), "e1", body);
  assert.deepEqual(new Webhook(secret).verify(body, { ...headers }), JSON.parse(body));
  assert.throws(() => new Webhook(generateSigningSecret()).verify(body, { ...headers }), /No matching signature/);
  assert.throws(() => new Webhook(secret).verify(`${body} `, { ...headers }), /No matching signature/);
});

test("secrets are unique per call", () => {
  const secrets = new Set(Array.from({ length: 100 }, generateSigningSecret));
  assert.equal(secrets.size, 100);
});

test("retry delays grow exponentially, stay within ±20 % jitter and give up after the last attempt", () => {
  assert.equal(nominalRetryDelayMs(1), 5_000);
  assert.equal(nominalRetryDelayMs(2), 20_000);
  assert.equal(nominalRetryDelayMs(MAX_ATTEMPTS - 1), 8 * 3600_000);
  for (let failed = 1; failed < MAX_ATTEMPTS; failed++) {
    const nominal = nominalRetryDelayMs(failed);
    assert.equal(retryDelayMs(failed, () => 0), Math.round(nominal * 0.8));
    assert.ok(Math.abs(retryDelayMs(failed, () => 0.999999)! - nominal * 1.2) <= nominal * 1e-5);
    if (failed > 1) assert.ok(nominal >= nominalRetryDelayMs(failed - 1));
  }
  assert.equal(retryDelayMs(MAX_ATTEMPTS), undefined);
});

test("the schedule spans at least 24 hours even with the lowest jitter every time", () => {
  let total = 0;
  for (let failed = 1; failed < MAX_ATTEMPTS; failed++) total += retryDelayMs(failed, () => 0)!;
  assert.ok(total >= 24 * 3600_000, `total ${total / 3600_000} h`);
});
