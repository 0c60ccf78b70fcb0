// Short-lived signed grants for the browser pages (a connection's authorization link, the
// company link page's form): EdDSA JWTs under the server's own signing keys, so every node
// verifies them and a key rotation does not break one in flight. Each kind has an audience of
// its own, which neither the bearer-token verifier nor any other kind accepts: a grant is never
// an access token, an access token never a grant, and one kind of grant never another.
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, jwtVerify } from "jose";
import type { SigningKeyRing } from "./signing-key-ring.js";
import { lifetimeProblem, signJws } from "./tokens.js";

export class SignedGrants {
  constructor(
    private readonly keys: SigningKeyRing,
    private readonly issuer: string,
    private readonly clock: () => Date,
    private readonly audience: string,
    private readonly lifetimeSeconds: number,
  ) {}

  /** A grant about `subject` carrying `claims`, valid for this kind's lifetime from now. */
  async sign(subject: string, claims: Record<string, string>): Promise<string> {
    const key = await this.keys.active();
    const iat = Math.floor(this.clock().getTime() / 1000);
    const payload = { iss: this.issuer, aud: this.audience, sub: subject, ...claims, iat, exp: iat + this.lifetimeSeconds, jti: randomUUID() };
    return signJws(key, JSON.stringify(payload));
  }

  /** Subject and the named string claims; undefined for anything forged, altered, expired, of another kind or incomplete. */
  async verify<Name extends string>(token: string, names: readonly Name[]): Promise<{ subject: string; claims: Record<Name, string> } | undefined> {
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: await this.keys.published() }), {
        algorithms: ["EdDSA"],
        issuer: this.issuer,
        audience: this.audience,
        currentDate: this.clock(),
        requiredClaims: ["sub", "iat", "exp", ...names],
      });
      if (typeof payload.sub !== "string") return undefined;
      if (lifetimeProblem(payload, Math.floor(this.clock().getTime() / 1000), this.lifetimeSeconds)) return undefined;
      const claims = {} as Record<Name, string>;
      for (const name of names) {
        const value = payload[name];
        if (typeof value !== "string") return undefined;
        claims[name] = value;
      }
      return { subject: payload.sub, claims };
    } catch {
      return undefined;
    }
  }
}
