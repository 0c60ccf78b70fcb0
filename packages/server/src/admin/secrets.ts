// Signing keys and the secret everything sealed is sealed under: rotating the token signing
// key, and resealing every sealed value under the current SIGNING_KEY_SECRET after it was
// rotated (docs/platforms.md, "Secrets").
import type { ServerContext } from "../context.js";
import { revocationAssociatedData } from "../oauth/revocation.js";
import { secretAssociatedData } from "../services/platform-apps.js";
import { credentialsAssociatedData } from "../storage/repositories/connection-credentials.js";
import { listSealedCells, swapSealedCell, type SealedCell, type SealedColumn } from "../storage/repositories/sealed-columns.js";
import { PUBLISH_AFTER_ROTATION_MS } from "../tokens/signing-key-ring.js";
import { print, readArguments, table, type Command } from "./cli.js";

const GROUP = "Signing keys and secrets";

/** A kind of sealed value: where it is stored, how a value is named, what it was sealed with. */
interface SealedKind {
  name: string;
  columns: readonly SealedColumn[];
  where(cell: SealedCell, column: SealedColumn): string;
  associatedData?(cell: SealedCell, column: SealedColumn): string;
}

const key = (cell: SealedCell, name: string): string => String(cell.keys[name]);

/**
 * Every place the server keeps a value sealed by its SecretBox, with the associated data it was
 * sealed with. A swap is a compare-and-set (storage/repositories/sealed-columns.ts), so a value
 * a running server replaced meanwhile (a refreshed token, new app credentials) is never
 * overwritten with the older one.
 */
const SEALED_KINDS: readonly SealedKind[] = [
  {
    name: "signing keys",
    columns: [{ table: "signing_keys", keys: ["kid"], column: "private_key_encrypted" }],
    where: (cell) => `signing key ${key(cell, "kid")}`,
  },
  {
    name: "webhook consumer secrets",
    columns: [{ table: "webhook_consumers", keys: ["id"], column: "secret" }],
    where: (cell) => `webhook consumer ${key(cell, "id")}`,
  },
  {
    name: "platform app secrets",
    columns: [{ table: "platform_apps", keys: ["client_id", "platform_key"], column: "client_secret_sealed" }],
    where: (cell) => `app of client ${key(cell, "client_id")} at ${key(cell, "platform_key")}`,
    associatedData: (cell) => secretAssociatedData(key(cell, "client_id"), key(cell, "platform_key")),
  },
  {
    name: "connection tokens",
    columns: [
      { table: "connection_credentials", keys: ["connection_id"], column: "access_token_sealed" },
      { table: "connection_credentials", keys: ["connection_id"], column: "refresh_token_sealed" },
    ],
    where: (cell, column) => `${column.column === "access_token_sealed" ? "access" : "refresh"} token of connection ${key(cell, "connection_id")}`,
    associatedData: (cell, column) => credentialsAssociatedData(key(cell, "connection_id"), column.column === "access_token_sealed" ? "access" : "refresh"),
  },
  {
    name: "queued revocations",
    columns: [{ table: "revocations", keys: ["id"], column: "request_sealed" }],
    where: (cell) => `revocation ${key(cell, "id")}`,
    associatedData: (cell) => revocationAssociatedData(key(cell, "id")),
  },
  {
    name: "authorizations in progress (PKCE verifiers)",
    columns: [{ table: "oauth_flows", keys: ["state_hash"], column: "code_verifier_sealed" }],
    where: (cell) => `authorization flow ${key(cell, "state_hash").slice(0, 8)}…`,
    associatedData: (cell) => `oauth-flow:${key(cell, "state_hash")}`,
  },
];

/** Rewrites every stale sealed value under the current key; prints counts; false when some did not open. */
async function reseal(context: ServerContext): Promise<boolean> {
  const box = context.secretBox;
  const totals = { resealed: 0, current: 0, replaced: 0, failed: 0 };
  const lines: string[][] = [["", "resealed", "already current", "replaced meanwhile", "do not open"]];
  const failures: string[] = [];
  for (const kind of SEALED_KINDS) {
    const counts = { resealed: 0, current: 0, replaced: 0, failed: 0 };
    for (const column of kind.columns) {
      for (const cell of await listSealedCells(context.db, column)) {
        if (!box.isStale(cell.sealed)) {
          counts.current++;
          continue;
        }
        const associatedData = kind.associatedData?.(cell, column);
        let plain: Buffer;
        try {
          plain = box.open(cell.sealed, associatedData);
        } catch (error) {
          counts.failed++;
          failures.push(`${kind.where(cell, column)}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        // Not swapped: a running server wrote a newer value meanwhile, sealed under its current key.
        if (await swapSealedCell(context.db, column, cell, box.seal(plain, associatedData))) counts.resealed++;
        else counts.replaced++;
        plain.fill(0);
      }
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
