// The token payload is written from a template on the hot path; it must stay byte-for-byte what
// JSON.stringify writes for the same claims, whatever characters the strings hold.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { claimsJson, type Audience, type TokenClaims } from "../../src/tokens/tokens.js";

test("the claims template writes exactly what JSON.stringify writes", () => {
  const audience = fc.constantFrom<Audience>("company", "connection-management");
  const seconds = fc.integer({ min: 0, max: 2 ** 40 });
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.string(), audience, seconds, fc.uuid(), (iss, sub, clientId, aud, iat, jti) => {
      const claims: TokenClaims = { iss, sub, aud, client_id: clientId, iat, exp: iat + 3600, jti };
      const { iss: _issuer, ...rest } = claims;
      assert.equal(claimsJson(JSON.stringify(iss), rest), JSON.stringify(claims));
    }),
    { numRuns: 2000, seed: 7 },
  );
  // Characters JSON must escape, and ones it must not.
  const claims: TokenClaims = { iss: 'a"b\\c\n\u2028</', sub: "\u0000é", aud: "company", client_id: "\ud800", iat: 1, exp: 2, jti: "j" };
  const { iss: _issuer, ...rest } = claims;
  assert.equal(claimsJson(JSON.stringify(claims.iss), rest), JSON.stringify(claims));
});
