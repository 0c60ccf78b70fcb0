// The hidden field of the company link page's form: proof that a choice was posted from the
// page this server rendered for this company, a short while ago. It is a short-lived EdDSA JWT
// under the server's own signing keys (every node verifies it, a key rotation does not break
// a form in flight) with its own audience, "company-link-form", which neither the bearer-token
// verifier nor the authorisation page accepts: it can be neither an access token nor a grant.
import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import type { SigningKeys } from "../../../tokens/signingKeys.js";

export const FORM_AUDIENCE = "company-link-form";
/** Long enough to read the page and choose; a stale page is simply reloaded. */
export const FORM_LIFETIME_SECONDS = 30 * 60;

export interface FormGrant {
  clientId: string;
  companyId: string;
}

export class CompanyLinkFormTokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
    private readonly clock: () => Date,
  ) {}

  async sign(grant: FormGrant): Promise<string> {
    const key = await this.keys.active();
    const iat = Math.floor(this.clock().getTime() / 1000);
    return new SignJWT({ client_id: grant.clientId })
      .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: key.kid })
      .setIssuer(this.issuer)
      .setAudience(FORM_AUDIENCE)
      .setSubject(grant.companyId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + FORM_LIFETIME_SECONDS)
      .sign(key.privateKey);
  }

  /** The grant, or undefined for anything forged, altered, expired or of another kind. */
  async verify(token: string): Promise<FormGrant | undefined> {
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: await this.keys.published() }), {
        algorithms: ["EdDSA"],
        issuer: this.issuer,
        audience: FORM_AUDIENCE,
        currentDate: this.clock(),
        requiredClaims: ["sub", "exp", "client_id"],
      });
      const { sub, client_id: clientId } = payload;
      if (typeof sub !== "string" || typeof clientId !== "string") return undefined;
      return { clientId, companyId: sub };
    } catch {
      return undefined;
    }
  }
}
