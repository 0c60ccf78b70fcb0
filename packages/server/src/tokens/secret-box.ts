// Encryption at rest for signing keys' private parts: AES-256-GCM under a key derived from
// SIGNING_KEY_SECRET (or, for a single SQLite node without it, a secret generated once into a
// 0600 file in the data folder).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.js";
import { tightenExisting, writePrivateFile } from "../lib/private-files.js";

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromSecret(secret: string): SecretBox {
    const key = Buffer.from(hkdfSync("sha256", secret, "codat-platform-server", "signing-key-encryption", 32));
    return new SecretBox(key);
  }

  seal(plaintext: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url")).join(".");
  }

  /** Throws when the data was not sealed under this secret (wrong SIGNING_KEY_SECRET). */
  open(sealed: string): Buffer {
    const [iv, tag, ciphertext] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
    if (!iv || !tag || !ciphertext) throw new Error("malformed sealed value");
    const decipher = createDecipheriv("aes-256-gcm", this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  }
}

/** The box for this deployment: SIGNING_KEY_SECRET, else a per-data-folder generated secret. */
export function secretBoxFor(config: Config): SecretBox {
  if (config.signingKeySecret) return SecretBox.fromSecret(config.signingKeySecret);
  // loadConfig refuses PostgreSQL without a secret, so this is a single SQLite node.
  if (config.databaseUrl === "sqlite::memory:") return SecretBox.fromSecret(randomBytes(32).toString("base64url"));
  const file = path.join(config.dataDir, "signing-key-secret");
  if (!existsSync(file)) writePrivateFile(file, `${randomBytes(32).toString("base64url")}\n`, true);
  tightenExisting(file);
  return SecretBox.fromSecret(readFileSync(file, "utf8").trim());
}
