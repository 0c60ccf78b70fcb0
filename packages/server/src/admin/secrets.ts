// Signing keys and the secret everything sealed is sealed under: rotating the token signing
// key, and resealing every sealed value under the current SIGNING_KEY_SECRET after it was
// rotated (docs/platforms.md, "Secrets").
import type { Kysely } from "kysely";
import type { ServerContext } from "../context.js";
import { revocationAssociatedData } from "../oauth/revocation.js";
import { secretAssociatedData } from "../services/platform-apps.js";
import { credentialsAssociatedData } from "../storage/repositories/connection-credentials.js";
import { listSealedPlatformSecrets } from "../storage/repositories/platform-apps.js";
import type { Database } from "../storage/schema.js";
import { PUBLISH_AFTER_ROTATION_MS } from "../tokens/signing-key-ring.js";
import { webhookDb } from "../webhooks/schema.js";
import { print, readArguments, table, type Command } from "./cli.js";

const GROUP = "Signing keys and secrets";

/** One sealed value where it is stored: swap replaces it only if it is still `sealed`. */
interface SealedValue {
  where: string;
  sealed: string;
  associatedData?: string;
  swap(next: string): Promise<boolean>;
}

interface SealedKind {
  name: string;
  list(db: Kysely<Database>): Promise<SealedValue[]>;
}

/**
 * Every place the server keeps a value sealed by its SecretBox, with the associated data it was
 * sealed with. A swap is a compare-and-set, so a value a running server replaced meanwhile (a
 * refreshed token, new app credentials) is never overwritten with the older one.
 */
const SEALED_KINDS: SealedKind[] = [
  {
    name: "signing keys",
    list: async (db) =>
      (await db.selectFrom("signing_keys").select(["kid", "private_key_encrypted"]).execute()).map((row) => ({
        where: `signing key ${row.kid}`,
        sealed: row.private_key_encrypted,
        swap: async (next) =>
          changed(
            await db.updateTable("signing_keys").set({ private_key_encrypted: next }).where("kid", "=", row.kid).where("private_key_encrypted", "=", row.private_key_encrypted).executeTakeFirst(),
          ),
      })),
  },
  {
    name: "webhook consumer secrets",
    list: async (base) => {
      const db = webhookDb(base);
      return (await db.selectFrom("webhook_consumers").select(["id", "secret"]).execute()).map((row) => ({
        where: `webhook consumer ${row.id}`,
        sealed: row.secret,
        swap: async (next) => changed(await db.updateTable("webhook_consumers").set({ secret: next }).where("id", "=", row.id).where("secret", "=", row.secret).executeTakeFirst()),
      }));
    },
  },
  {
    name: "platform app secrets",
    list: async (db) =>
      (await listSealedPlatformSecrets(db)).map((app) => ({
        where: `app of client ${app.clientId} at ${app.platformKey}`,
        sealed: app.sealed,
        associatedData: secretAssociatedData(app.clientId, app.platformKey),
        swap: async (next) =>
          changed(
            await db
              .updateTable("platform_apps")
              .set({ client_secret_sealed: next })
              .where("client_id", "=", app.clientId)
              .where("platform_key", "=", app.platformKey)
              .where("client_secret_sealed", "=", app.sealed)
              .executeTakeFirst(),
          ),
      })),
  },
  {
    name: "connection tokens",
    list: async (db) => {
      const rows = await db.selectFrom("connection_credentials").select(["connection_id", "access_token_sealed", "refresh_token_sealed"]).execute();
      return rows.flatMap((row) => [
        {
          where: `access token of connection ${row.connection_id}`,
          sealed: row.access_token_sealed,
          associatedData: credentialsAssociatedData(row.connection_id, "access"),
          swap: async (next: string) =>
            changed(
              await db
                .updateTable("connection_credentials")
                .set({ access_token_sealed: next })
                .where("connection_id", "=", row.connection_id)
                .where("access_token_sealed", "=", row.access_token_sealed)
                .executeTakeFirst(),
            ),
        },
        ...(row.refresh_token_sealed === null
          ? []
          : [
              {
                where: `refresh token of connection ${row.connection_id}`,
                sealed: row.refresh_token_sealed,
                associatedData: credentialsAssociatedData(row.connection_id, "refresh"),
                swap: async (next: string) =>
                  changed(
                    await db
                      .updateTable("connection_credentials")
                      .set({ refresh_token_sealed: next })
                      .where("connection_id", "=", row.connection_id)
                      .where("refresh_token_sealed", "=", row.refresh_token_sealed)
                      .executeTakeFirst(),
                  ),
              },
            ]),
      ]);
    },
  },
  {
    name: "queued revocations",
    list: async (db) =>
      (await db.selectFrom("revocations").select(["id", "request_sealed"]).where("request_sealed", "is not", null).execute()).map((row) => ({
        where: `revocation ${row.id}`,
        sealed: row.request_sealed!,
        associatedData: revocationAssociatedData(row.id),
        swap: async (next) =>
          changed(await db.updateTable("revocations").set({ request_sealed: next }).where("id", "=", row.id).where("request_sealed", "=", row.request_sealed).executeTakeFirst()),
      })),
  },
  {
    name: "authorizations in progress (PKCE verifiers)",
    list: async (db) =>
      (await db.selectFrom("oauth_flows").select(["state_hash", "code_verifier_sealed"]).where("code_verifier_sealed", "is not", null).execute()).map((row) => ({
        where: `authorization flow ${row.state_hash.slice(0, 8)}…`,
        sealed: row.code_verifier_sealed!,
        associatedData: `oauth-flow:${row.state_hash}`,
        swap: async (next) =>
          changed(
            await db
              .updateTable("oauth_flows")
              .set({ code_verifier_sealed: next })
              .where("state_hash", "=", row.state_hash)
              .where("code_verifier_sealed", "=", row.code_verifier_sealed)
              .executeTakeFirst(),
          ),
      })),
  },
];

const changed = (result: { numUpdatedRows: bigint }): boolean => Number(result.numUpdatedRows) > 0;

/** Rewrites every stale sealed value under the current key; prints counts; false when some did not open. */
async function reseal(context: ServerContext): Promise<boolean> {
  const box = context.secretBox;
  const totals = { resealed: 0, current: 0, replaced: 0, failed: 0 };
  const lines: string[][] = [["", "resealed", "already current", "replaced meanwhile", "do not open"]];
  const failures: string[] = [];
  for (const kind of SEALED_KINDS) {
    const counts = { resealed: 0, current: 0, replaced: 0, failed: 0 };
    for (const value of await kind.list(context.db)) {
      if (!box.isStale(value.sealed)) {
        counts.current++;
        continue;
      }
      let plain: Buffer;
      try {
        plain = box.open(value.sealed, value.associatedData);
      } catch (error) {
        counts.failed++;
        failures.push(`${value.where}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      // Not swapped: a running server wrote a newer value meanwhile, sealed under its current key.
      if (await value.swap(box.seal(plain, value.associatedData))) counts.resealed++;
      else counts.replaced++;
      plain.fill(0);
    }
    lines.push([kind.name, ...[counts.resealed, counts.current, counts.replaced, counts.failed].map(String)]);
    for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += counts[key];
  }
  process.stdout.write(
    `Sealed values under key ${box.keyId} (${context.config.signingKeySecret ? "SIGNING_KEY_SECRET" : "the secret generated into DATA_DIR"}):\n${table(lines)}\n` +
      `${totals.resealed} resealed, ${totals.current} already current, ${totals.replaced} replaced meanwhile, ${totals.failed} do not open.\n`,
  );
  if (failures.length > 0) {
    process.stderr.write(
      `${failures.map((line) => `  ${line}`).join("\n")}\n` +
        "These values were left as they are: add the secret that sealed them to SIGNING_KEY_SECRET_PREVIOUS and run reseal again.\n",
    );
    return false;
  }
  process.stdout.write(
    "Once every node runs with this SIGNING_KEY_SECRET and reseal has found nothing stale, SIGNING_KEY_SECRET_PREVIOUS can be removed.\n",
  );
  return true;
}

export const rotateSigningKeyCommand: Command = {
  name: "rotate-signing-key",
  group: GROUP,
  synopsis: "rotate-signing-key",
  summary: "a new active token signing key; the previous one stays published until its last token expired",
  details: "Running servers switch to the new key within CACHE_TTL_MS (1 s by default).",
  parse(args) {
    readArguments("rotate-signing-key", args, {});
    return async (context, config) => {
      const { kid, retiredKeys } = await context.keyRing.rotate();
      const hours = Math.round(PUBLISH_AFTER_ROTATION_MS / 36e5);
      print(
        `New active signing key ${kid}; running servers switch within ${config.cacheTtlMs} ms.\n` +
          `The previous key stays in /.well-known/jwks.json for about ${hours} h; ${retiredKeys} expired key(s) removed.`,
      );
      return 0;
    };
  },
};

export const resealCommand: Command = {
  name: "reseal",
  group: GROUP,
  synopsis: "reseal",
  summary: "rewrites every sealed secret under the current SIGNING_KEY_SECRET",
  details: [
    "After SIGNING_KEY_SECRET was rotated, with the old one in SIGNING_KEY_SECRET_PREVIOUS. Safe while",
    "servers run. Exits 1 when some values do not open (their secret is in neither variable).",
  ].join("\n"),
  parse(args) {
    readArguments("reseal", args, {});
    return async (context) => ((await reseal(context)) ? 0 : 1);
  },
};
