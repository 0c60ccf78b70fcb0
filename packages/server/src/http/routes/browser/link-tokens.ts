// The signed parameter of a connection's authorisation link (its `linkUrl` after a
// reconnect request). It is a short-lived EdDSA JWT under the server's own signing keys,
// so every node verifies it and a key rotation does not break links in flight; its
// audience, "connection-link", is one the bearer-token verifier refuses, so a link can
// never be used as an access token, nor an access token as a link.
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, jwtVerify } from "jose";
import type { SigningKeys } from "../../../tokens/signingKeys.js";
import { signJws } from "../../../tokens/tokens.js";

export const LINK_AUDIENCE = "connection-link";
/** Long enough to sign in to a platform and approve; the component stops waiting then too. */
export const LINK_LIFETIME_SECONDS = 15 * 60;

export interface LinkGrant {
  clientId: string;
  companyId: string;
  connectionId: string;
  /** The connection's `modified` when the link was made: once the connection changes (the
   * user approved, or it was unlinked again), the link stops working, so it is single-use. */
  version: string;
}

export class LinkTokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
    private readonly clock: () => Date,
  ) {}

  async sign(grant: LinkGrant): Promise<string> {
    const key = await this.keys.active();
    const iat = Math.floor(this.clock().getTime() / 1000);
    const claims = {
      iss: this.issuer,
      aud: LINK_AUDIENCE,
      sub: grant.companyId,
      client_id: grant.clientId,
      connection_id: grant.connectionId,
      ver: grant.version,
      iat,
      exp: iat + LINK_LIFETIME_SECONDS,
      jti: randomUUID(),
    };
    return signJws(key, JSON.stringify(claims));
  }

  /** The grant, or undefined for anything forged, altered, expired or of another kind. */
  async verify(token: string): Promise<LinkGrant | undefined> {
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: await this.keys.published() }), {
        algorithms: ["EdDSA"],
        issuer: this.issuer,
        audience: LINK_AUDIENCE,
        currentDate: this.clock(),
        requiredClaims: ["sub", "exp", "client_id", "connection_id", "ver"],
      });
      const { sub, client_id: clientId, connection_id: connectionId, ver: version } = payload;
      if (typeof sub !== "string" || typeof clientId !== "string") return undefined;
      if (typeof connectionId !== "string" || typeof version !== "string") return undefined;
      return { clientId, companyId: sub, connectionId, version };
    } catch {
      return undefined;
    }
  }
}
