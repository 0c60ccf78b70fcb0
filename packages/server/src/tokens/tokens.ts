// Company-scoped access tokens: EdDSA (Ed25519) JWTs. Signing is on the hot path, so it signs
// directly with a key loaded once (libsodium ≈ 18 µs, node:crypto ≈ 35 µs, see ed25519.ts;
// jose's SignJWT ≈ 111 µs); verification uses jose against the locally published key set.
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { then, type MaybePromise } from "../lib/maybe-promise.js";
import type { ActiveKey, PublicJwk, SigningKeyRing } from "./signing-key-ring.js";

export type Audience = "connection-management" | "company";

/** Lifetimes in seconds, per audience. */
export const TOKEN_LIFETIME_SECONDS: Record<Audience, number> = {
  "connection-management": 60 * 60,
  company: 24 * 60 * 60,
};

/**
 * How far in the future a token's `iat` may lie: nodes' clocks differ a little, and `iat` is
 * rounded down to the second. A token "issued" later than that was not issued by this service.
 */
export const MAX_CLOCK_SKEW_SECONDS = 60;

/** Claim carrying the client (tenant) id; the RFC 8693 registered name. */
export const CLIENT_ID_CLAIM = "client_id";

export interface TokenClaims {
  iss: string;
  sub: string;
  aud: Audience;
  client_id: string;
  iat: number;
  exp: number;
  jti: string;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

/**
 * The claims as `JSON.stringify(claims)` writes them (same keys, same order), from a template:
 * strings still go through JSON.stringify, so any character is escaped as it would be.
 */
export function claimsJson(issuerJson: string, claims: Omit<TokenClaims, "iss">): string {
  return `{"iss":${issuerJson},"sub":${JSON.stringify(claims.sub)},"aud":"${claims.aud}","client_id":${JSON.stringify(claims.client_id)},"iat":${claims.iat},"exp":${claims.exp},"jti":"${claims.jti}"}`;
}

/** A JWS in compact serialisation: the key's header, `payloadJson`, and their EdDSA signature. */
export function signJws(key: ActiveKey, payloadJson: string): string {
  const signingInput = `${key.encodedHeader}.${Buffer.from(payloadJson).toString("base64url")}`;
  return `${signingInput}.${key.sign(Buffer.from(signingInput)).toString("base64url")}`;
}

export interface VerifiedToken {
  companyId: string;
  clientId: string;
  audience: Audience;
  expiresAt: number;
  tokenId: string;
}

/** Why a bearer token was refused; every reason answers 401. */
export class InvalidTokenError extends Error {
  override name = "InvalidTokenError";
}

export class TokenService {
  /** When a kid miss last forced a key reload; at most one forced reload per `ttlMs`. */
  private lastForcedRefresh = 0;
  /** jose key sets per published-keys array (a new array arrives with each cache refresh). */
  private readonly keySets = new WeakMap<PublicJwk[], ReturnType<typeof createLocalJWKSet>>();

  /** The `iss` claim as JSON, quoted and escaped once. */
  private readonly issuerJson: string;

  constructor(
    private readonly keys: SigningKeyRing,
    private readonly issuer: string,
    private readonly clock: () => Date,
    private readonly ttlMs: number,
  ) {
    this.issuerJson = JSON.stringify(issuer);
  }

  /** Signs a token for one company of one client; sync while the signing key is cached. */
  issue(input: { companyId: string; clientId: string; audience: Audience }): MaybePromise<IssuedToken> {
    return then(this.keys.active(), (key) => this.sign(key, input));
  }

  private sign(key: ActiveKey, input: { companyId: string; clientId: string; audience: Audience }): IssuedToken {
    const iat = Math.floor(this.clock().getTime() / 1000);
    const expiresIn = TOKEN_LIFETIME_SECONDS[input.audience];
    const payload = claimsJson(this.issuerJson, {
      sub: input.companyId,
      aud: input.audience,
      client_id: input.clientId,
      iat,
      exp: iat + expiresIn,
      jti: randomUUID(),
    });
    return { token: signJws(key, payload), expiresIn };
  }

  /** Verifies signature, algorithm, issuer, audience and expiry; throws `InvalidTokenError`. */
  async verify(token: string): Promise<VerifiedToken> {
    try {
      return await this.verifyWith(token, await this.keys.published());
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw this.invalid(error);
      const now = performance.now();
      if (now - this.lastForcedRefresh < this.ttlMs) throw this.invalid(error);
      this.lastForcedRefresh = now;
      this.keys.refresh();
      try {
        return await this.verifyWith(token, await this.keys.published());
      } catch (retryError) {
        throw this.invalid(retryError);
      }
    }
  }

  private async verifyWith(token: string, keys: PublicJwk[]): Promise<VerifiedToken> {
    let keySet = this.keySets.get(keys);
    if (!keySet) {
      keySet = createLocalJWKSet({ keys });
      this.keySets.set(keys, keySet);
    }
    const { payload } = await jwtVerify(token, keySet, {
      algorithms: ["EdDSA"],
      issuer: this.issuer,
      audience: ["connection-management", "company"],
      currentDate: this.clock(),
      requiredClaims: ["sub", "exp", "iat", "jti", CLIENT_ID_CLAIM],
    });
    return toVerified(payload, Math.floor(this.clock().getTime() / 1000));
  }

  private invalid(error: unknown): InvalidTokenError {
    if (error instanceof InvalidTokenError) return error;
    return new InvalidTokenError(error instanceof joseErrors.JOSEError ? error.code : "invalid token");
  }
}

/**
 * What jose does not bound: a token (or grant) must have been issued in the past, within the
 * clock skew, and live no longer than its kind's lifetime. Only a leaked signing key could mint
 * one that does not; these bounds keep it from being valid for longer than any real one.
 */
export function lifetimeProblem(payload: JWTPayload, nowSeconds: number, lifetimeSeconds: number): string | undefined {
  const { iat = Number.NaN, exp = Number.NaN } = payload;
  if (!(iat <= nowSeconds + MAX_CLOCK_SKEW_SECONDS)) return "issued in the future";
  if (!(exp - iat <= lifetimeSeconds)) return "lifetime too long";
  return undefined;
}

function toVerified(payload: JWTPayload, nowSeconds: number): VerifiedToken {
  const clientId = payload[CLIENT_ID_CLAIM];
  const audience = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
  if (typeof clientId !== "string" || !payload.sub || (audience !== "company" && audience !== "connection-management")) {
    throw new InvalidTokenError("missing claims");
  }
  const outOfBounds = lifetimeProblem(payload, nowSeconds, TOKEN_LIFETIME_SECONDS[audience]);
  if (outOfBounds) throw new InvalidTokenError(outOfBounds);
  return { companyId: payload.sub, clientId, audience, expiresAt: payload.exp ?? 0, tokenId: payload.jti ?? "" };
}
