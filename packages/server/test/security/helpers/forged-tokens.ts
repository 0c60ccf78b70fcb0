// Bad bearer tokens built from a genuine one: each must be refused with 401. The public key is
// what an attacker has (from /.well-known/jwks.json), so the classic algorithm-confusion forgery
// (HS256 keyed with the public key, in every encoding a verifier might use) is included.
import { createHmac, createPublicKey } from "node:crypto";

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

interface Parts {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  encodedHeader: string;
  encodedClaims: string;
  signature: string;
}

export function splitToken(token: string): Parts {
  const [encodedHeader = "", encodedClaims = "", signature = ""] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(encodedHeader, "base64url").toString()) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(encodedClaims, "base64url").toString()) as Record<string, unknown>,
    encodedHeader,
    encodedClaims,
    signature,
  };
}

const hs256 = (header: Record<string, unknown>, claims: Record<string, unknown>, key: Buffer | string) => {
  const input = `${b64({ ...header, alg: "HS256" })}.${b64(claims)}`;
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
};

/** Forged variants of `token`, by name. `publicJwk` is the server's published signing key. */
export function forgedTokens(token: string, publicJwk: { x: string } & Record<string, unknown>): Record<string, string> {
  const { header, claims, encodedHeader, encodedClaims, signature } = splitToken(token);
  const publicKey = createPublicKey({ key: { ...publicJwk, kty: "OKP", crv: "Ed25519" }, format: "jwk" });
  const flipped = Buffer.from(signature, "base64url");
  flipped[0] = (flipped[0] ?? 0) ^ 0x01;
  return {
    "tampered payload": `${encodedHeader}.${b64({ ...claims, sub: "00000000-0000-4000-8000-000000000000" })}.${signature}`,
    "tampered signature": `${encodedHeader}.${encodedClaims}.${flipped.toString("base64url")}`,
    "alg none": `${b64({ alg: "none", typ: "JWT" })}.${encodedClaims}.`,
    "alg none with kid": `${b64({ ...header, alg: "none" })}.${encodedClaims}.`,
    "HS256 keyed with the raw public key": hs256(header, claims, Buffer.from(publicJwk.x, "base64url")),
    "HS256 keyed with the public key PEM": hs256(header, claims, publicKey.export({ format: "pem", type: "spki" }).toString()),
    "HS256 keyed with the public key DER": hs256(header, claims, publicKey.export({ format: "der", type: "spki" })),
    "HS256 keyed with the public JWK": hs256(header, claims, JSON.stringify(publicJwk)),
  };
}

/** The same claims with one changed, re-encoded but keeping the original signature. */
export function withClaims(token: string, changes: Record<string, unknown>): string {
  const { encodedHeader, claims, signature } = splitToken(token);
  return `${encodedHeader}.${b64({ ...claims, ...changes })}.${signature}`;
}
