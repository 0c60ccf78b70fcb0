// Encryption at rest for every secret the server keeps (signing keys' private parts, webhook
// secrets, platform app secrets, connection tokens): AES-256-GCM under a key derived from
// SIGNING_KEY_SECRET (or, for a single SQLite node without it, a secret generated once into a
// 0600 file in the data folder).
//
// A sealed value names the key that sealed it (`v1.<key id>.<iv>.<tag>.<ciphertext>`), so the
// master secret can be rotated: the new secret seals, the previous ones
// (SIGNING_KEY_SECRET_PREVIOUS) still open what they sealed, and `npm run admin -- reseal`
// rewrites every stored value under the new one. Values may be bound to their place with
// associated data (e.g. `connection-credentials:<id>:access`): GCM then refuses one copied
// into another row. Values sealed before key ids existed (`<iv>.<tag>.<ciphertext>`) still open.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.js";
import { tightenExisting, writePrivateFile } from "../lib/private-files.js";

const VERSION = "v1";

interface BoxKey {
  id: string;
  key: Buffer;
}

function deriveKey(secret: string): BoxKey {
  const key = Buffer.from(hkdfSync("sha256", secret, "codat-platform-server", "signing-key-encryption", 32));
  // The id names the key without revealing it: a hash of the derived key, not of the secret.
  const id = createHash("sha256").update("key-id:").update(key).digest("base64url").slice(0, 8);
  return { id, key };
}

export class SecretBox {
  private readonly current: BoxKey;
  private readonly byId: Map<string, BoxKey>;

  private constructor(keys: BoxKey[]) {
    this.current = keys[0]!;
    this.byId = new Map(keys.map((key) => [key.id, key]));
  }

  /** A box sealing under `secret`, also opening what `previous` secrets sealed. */
  static fromSecret(secret: string, previous: readonly string[] = []): SecretBox {
    return new SecretBox([secret, ...previous].map(deriveKey));
  }

  /** Id of the key new values are sealed under. */
  get keyId(): string {
    return this.current.id;
  }

  seal(plaintext: Buffer, associatedData?: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.current.key, iv);
    if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, "utf8"));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"));
    return [VERSION, this.current.id, ...parts].join(".");
  }

  sealText(plaintext: string, associatedData?: string): string {
    return this.seal(Buffer.from(plaintext, "utf8"), associatedData);
  }

  /**
   * Throws when the value was not sealed by one of this box's keys (wrong or missing
   * SIGNING_KEY_SECRET), was altered, or was sealed for other associated data.
   */
  open(sealed: string, associatedData?: string): Buffer {
    const parts = sealed.split(".");
    if (parts.length === 5 && parts[0] === VERSION) {
      const key = this.byId.get(parts[1]!);
      if (!key) throw new Error(`sealed under key ${parts[1]}, which is neither SIGNING_KEY_SECRET nor in SIGNING_KEY_SECRET_PREVIOUS`);
      return decrypt(key.key, parts.slice(2), associatedData);
    }
    if (parts.length === 3) {
      // Sealed before key ids: try each key, the current one first.
      let failure: unknown;
      for (const key of this.byId.values()) {
        try {
          return decrypt(key.key, parts, associatedData);
        } catch (error) {
          failure = error;
        }
      }
      throw failure instanceof Error ? failure : new Error("sealed value does not open");
    }
    throw new Error("malformed sealed value");
  }

  openText(sealed: string, associatedData?: string): string {
    return this.open(sealed, associatedData).toString("utf8");
  }

  /**
   * A secret named by `label`, derived from the current key (base64url HMAC-SHA256): the same
   * in every process and after a restart, different for every label, and not revealing the
   * key. It changes when SIGNING_KEY_SECRET is rotated, so derive only what is set up again at
   * every start (the demo platform's client secret).
   */
  derive(label: string): string {
    return createHmac("sha256", this.current.key).update(`derived-secret:${label}`).digest("base64url");
  }

  /** True when `sealed` is under an older key (or the format without key ids): `reseal` rewrites it. */
  isStale(sealed: string): boolean {
    const parts = sealed.split(".");
    return !(parts.length === 5 && parts[0] === VERSION && parts[1] === this.current.id);
  }
}

function decrypt(key: Buffer, parts: string[], associatedData: string | undefined): Buffer {
  const [iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !ciphertext) throw new Error("malformed sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** The box for this deployment: SIGNING_KEY_SECRET (and its predecessors), else a per-data-folder generated secret. */
export function secretBoxFor(config: Config): SecretBox {
  if (config.signingKeySecret) return SecretBox.fromSecret(config.signingKeySecret, config.previousSigningKeySecrets);
  // loadConfig refuses PostgreSQL without a secret, so this is a single SQLite node.
  if (config.databaseUrl === "sqlite::memory:") return SecretBox.fromSecret(randomBytes(32).toString("base64url"));
  const file = path.join(config.dataDir, "signing-key-secret");
  if (!existsSync(file)) writePrivateFile(file, `${randomBytes(32).toString("base64url")}\n`, true);
  tightenExisting(file);
  return SecretBox.fromSecret(readFileSync(file, "utf8").trim(), config.previousSigningKeySecrets);
}
