// The hidden field of the company link page's form: proof that a choice was posted from the
// page this server rendered for this company, a short while ago. A short-lived signed grant
// (tokens/grants.ts) with the audience "company-link-form", which neither the bearer-token
// verifier nor the authorization page accepts.
import { SignedGrants } from "./grants.js";
import type { SigningKeyRing } from "./signing-key-ring.js";

export const FORM_AUDIENCE = "company-link-form";
/** Long enough to read the page and choose; a stale page is simply reloaded. */
export const FORM_LIFETIME_SECONDS = 30 * 60;

export interface FormGrant {
  clientId: string;
  companyId: string;
}

export class CompanyLinkFormTokens {
  private readonly grants: SignedGrants;

  constructor(keys: SigningKeyRing, issuer: string, clock: () => Date) {
    this.grants = new SignedGrants(keys, issuer, clock, FORM_AUDIENCE, FORM_LIFETIME_SECONDS);
  }

  sign(grant: FormGrant): Promise<string> {
    return this.grants.sign(grant.companyId, { client_id: grant.clientId });
  }

  /** The grant, or undefined for anything forged, altered, expired or of another kind. */
  async verify(token: string): Promise<FormGrant | undefined> {
    const verified = await this.grants.verify(token, ["client_id"]);
    return verified && { clientId: verified.claims.client_id, companyId: verified.subject };
  }
}
