// The signed parameter of a connection's authorization link (its `linkUrl` after a
// reconnect request, or after a choice on the company link page): a short-lived signed grant
// (tokens/grants.ts) with the audience "connection-link".
import { SignedGrants } from "./grants.js";
import type { SigningKeyRing } from "./signing-key-ring.js";

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
  private readonly grants: SignedGrants;

  constructor(keys: SigningKeyRing, issuer: string, clock: () => Date) {
    this.grants = new SignedGrants(keys, issuer, clock, LINK_AUDIENCE, LINK_LIFETIME_SECONDS);
  }

  sign(grant: LinkGrant): Promise<string> {
    return this.grants.sign(grant.companyId, { client_id: grant.clientId, connection_id: grant.connectionId, ver: grant.version });
  }

  /** The grant, or undefined for anything forged, altered, expired or of another kind. */
  async verify(token: string): Promise<LinkGrant | undefined> {
    const verified = await this.grants.verify(token, ["client_id", "connection_id", "ver"]);
    if (!verified) return undefined;
    const { client_id: clientId, connection_id: connectionId, ver: version } = verified.claims;
    return { clientId, companyId: verified.subject, connectionId, version };
  }
}
