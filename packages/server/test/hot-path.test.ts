// The token endpoint's shortcuts give exactly what the general path gives: libsodium's Ed25519
// signatures are node:crypto's, the concatenated token bodies are JSON.stringify's, and the
// access-log line is pino's.
import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes, verify } from "node:crypto";
import { it } from "node:test";
import { accessLogWriter, createLogger, lazyChildLogger, type AccessLogEntry } from "../src/logger.js";
import { companyAccessTokenJson, connectionManagementAccessTokenJson } from "../src/http/routes/tokens.js";
import { defaultEd25519Implementation, ed25519Signer } from "../src/tokens/ed25519.js";

it("libsodium signs every message with the same bytes as node:crypto", (t) => {
  if (defaultEd25519Implementation !== "libsodium") {
    // sodium-native ships prebuilt binaries for the platforms CI runs on.
    if (process.env.CI === "true" && process.platform === "linux" && process.arch === "x64") assert.fail("libsodium did not load");
    t.skip("libsodium is not available on this platform: node:crypto signs (slower, same signatures)");
    return;
  }
  for (let k = 0; k < 20; k += 1) {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const sodium = ed25519Signer(privateKey, "libsodium");
    const node = ed25519Signer(privateKey, "node:crypto");
    for (const length of [0, 1, 63, 64, 65, 500, 4096]) {
      const message = randomBytes(length);
      const signature = sodium(message);
      assert.deepEqual(signature, node(message));
      assert.ok(verify(null, message, publicKey, signature));
    }
  }
});

it("token bodies are byte for byte what JSON.stringify writes", () => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const segment = () => Array.from(randomBytes(40 + (randomBytes(1)[0]! % 400)), (byte) => alphabet[byte % 64]).join("");
  for (let i = 0; i < 200; i += 1) {
    const accessToken = `${segment()}.${segment()}.${segment()}`;
    assert.equal(connectionManagementAccessTokenJson({ accessToken }), JSON.stringify({ accessToken }));
    const company = { accessToken, expiresIn: 86_400, tokenType: "Bearer" as const };
    assert.equal(companyAccessTokenJson(company), JSON.stringify(company));
  }
});

it("the access-log line is the line pino writes for the same entry", () => {
  const lines: string[] = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
  const write = accessLogWriter(logger);
  const entries: AccessLogEntry[] = [
    { correlationId: randomBytes(16).toString("hex"), method: "GET", url: "/companies/:companyId/connectionManagement/accessToken", statusCode: 200, responseTimeMs: 0.42 },
    { correlationId: randomBytes(16).toString("hex"), method: "DELETE", url: "(no route)", statusCode: 404, responseTimeMs: 12 },
    // Nothing here needs escaping in practice; if it ever did, it would be escaped alike.
    { correlationId: 'quote " and \\ and \u0001', method: "PATCH", url: "/a/\u2028/b", statusCode: 500, responseTimeMs: 1234.56 },
  ];
  for (const entry of entries) {
    write(entry);
    logger.info({ ...entry }, "request completed");
    const [ours, pinos] = lines.splice(0, 2).map((line) => {
      assert.ok(line.endsWith("\n"));
      const parsed = JSON.parse(line) as Record<string, unknown>;
      assert.equal(typeof parsed.time, "number");
      parsed.time = 0;
      return parsed;
    });
    assert.deepEqual(ours, pinos);
    assert.deepEqual(Object.keys(ours!), Object.keys(pinos!), "same keys in the same order");
  }
});

it("a request's logger becomes a pino child, with its correlation id, only when it logs", () => {
  const lines: string[] = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
  let children = 0;
  const counting = Object.assign(Object.create(logger) as typeof logger, {
    child: (...args: Parameters<typeof logger.child>) => {
      children += 1;
      return logger.child(...args);
    },
  });
  const quiet = lazyChildLogger(counting, { correlationId: "a".repeat(32) }, {});
  assert.equal(quiet.level, "info");
  assert.equal(children, 0);
  const talkative = lazyChildLogger(counting, { correlationId: "b".repeat(32) }, {});
  talkative.info({ reason: "expired" }, "bearer token refused");
  talkative.warn("again");
  assert.equal(children, 1);
  assert.deepEqual(
    lines.map((line) => JSON.parse(line) as Record<string, unknown>).map(({ correlationId, msg }) => ({ correlationId, msg })),
    [
      { correlationId: "b".repeat(32), msg: "bearer token refused" },
      { correlationId: "b".repeat(32), msg: "again" },
    ],
  );
  // A route's own level applies to its requests' loggers.
  const quieter = lazyChildLogger(counting, { correlationId: "c".repeat(32) }, { level: "warn" });
  assert.equal(quieter.level, "warn");
  quieter.info("not written");
  assert.equal(lines.length, 2);
});
