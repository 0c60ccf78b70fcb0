// Signing keys as the token service uses them: the active private key (a reusable KeyObject,
// decrypted once) and the published public keys (JWKS). Both are served from an in-process
// cache that expires after `ttlMs`, so no request waits on the database except the one that
// refreshes it, and nodes sharing a database agree on a rotation within `ttlMs`.
import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import type { Kysely } from "kysely";
import { then, type MaybePromise } from "../lib/maybe-promise.js";
import { TtlCache } from "../cache/ttl-cache.js";
import type { Database } from "../storage/schema.js";
import {
  activateSigningKey,
  deleteRetiredSigningKeys,
  listPublishedSigningKeys,
  type SigningKeyRow,
} from "../storage/repositories/signing-keys.js";
import { ed25519Signer, type Ed25519Signer } from "./ed25519.js";
import type { SecretBox } from "./secret-box.js";

/** Longest token lifetime (the company token) plus a margin for clock skew and the cache TTL. */
export const PUBLISH_AFTER_ROTATION_MS = (24 * 60 * 60 + 10 * 60) * 1000;

export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: "EdDSA";
  use: "sig";
}

export interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
  /** Signs with `privateKey` (libsodium where available, see ed25519.ts). */
  sign: Ed25519Signer;
  /** base64url of the JWS header `{"alg":"EdDSA","typ":"JWT","kid":…}`, computed once. */
  encodedHeader: string;
}

interface KeySet {
  active: ActiveKey | undefined;
  published: PublicJwk[];
}

function newKeyRow(box: SecretBox, now: Date): SigningKeyRow {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const kid = randomBytes(12).toString("base64url");
  const { x } = publicKey.export({ format: "jwk" });
  const jwk: PublicJwk = { kty: "OKP", crv: "Ed25519", x: x as string, kid, alg: "EdDSA", use: "sig" };
  return {
    kid,
    public_jwk: JSON.stringify(jwk),
    private_key_encrypted: box.seal(privateKey.export({ format: "der", type: "pkcs8" })),
    created_date: now.toISOString(),
    superseded_date: null,
    retire_after: null,
  };
}

export class SigningKeyRing {
  private readonly cache: TtlCache<"keys", KeySet>;
  /** Decrypted private keys by kid: decrypting is the slow part, and a kid's key never changes. */
  private readonly privateKeys = new Map<string, { privateKey: KeyObject; sign: Ed25519Signer }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
    private readonly clock: () => Date,
    ttlMs: number,
  ) {
    this.cache = new TtlCache(ttlMs);
  }

  private async load(): Promise<KeySet> {
    const rows = await listPublishedSigningKeys(this.db, this.clock());
    const activeRow = rows.find((row) => row.superseded_date === null);
    let active: ActiveKey | undefined;
    if (activeRow) {
      let key = this.privateKeys.get(activeRow.kid);
      if (!key) {
        const privateKey = createPrivateKey({ key: this.box.open(activeRow.private_key_encrypted), format: "der", type: "pkcs8" });
        key = { privateKey, sign: ed25519Signer(privateKey) };
        this.privateKeys.set(activeRow.kid, key);
      }
      const header = JSON.stringify({ alg: "EdDSA", typ: "JWT", kid: activeRow.kid });
      active = { kid: activeRow.kid, ...key, encodedHeader: Buffer.from(header).toString("base64url") };
    }
    return { active, published: rows.map((row) => JSON.parse(row.public_jwk) as PublicJwk) };
  }

  private async keySet(): Promise<KeySet> {
    return this.cache.get("keys", () => this.load());
  }

  /** Creates the first key when there is none (first start). Safe to call on every start. */
  async ensureActiveKey(): Promise<void> {
    if ((await this.load()).active) return;
    await activateSigningKey(this.db, newKeyRow(this.box, this.clock()), new Date(this.clock().getTime() + PUBLISH_AFTER_ROTATION_MS));
    this.cache.clear();
    await this.keySet();
  }

  /** Makes a new key active; the previous one stays published until its last token expired. */
  async rotate(): Promise<{ kid: string; retiredKeys: number }> {
    const now = this.clock();
    const row = newKeyRow(this.box, now);
    await activateSigningKey(this.db, row, new Date(now.getTime() + PUBLISH_AFTER_ROTATION_MS));
    const retiredKeys = await deleteRetiredSigningKeys(this.db, now);
    this.cache.clear();
    return { kid: row.kid, retiredKeys };
  }

  /** The key to sign with now; sync while the key set is cached (the hot path). */
  active(): MaybePromise<ActiveKey> {
    return then(this.cache.get("keys", () => this.load()), ({ active }) => {
      if (!active) throw new Error("no active signing key: ensureActiveKey() was not called at start");
      return active;
    });
  }

  /** The public keys to publish and verify with. */
  async published(): Promise<PublicJwk[]> {
    return (await this.keySet()).published;
  }

  /** Re-reads the keys now (after an unknown `kid`: another node may have just rotated). */
  refresh(): void {
    this.cache.clear();
  }
}
