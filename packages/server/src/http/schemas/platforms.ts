// Shapes of this server's extension of the contract: a platform's OAuth definition, a client's
// app credentials at a platform, and a client's own platform (services/platform-apps.ts). As in
// resources.ts, they are the SDK's models as JSON Schema (field names, types, nullability and
// required fields are the models'), plus, for the request bodies only, what this server demands
// beyond those shapes (`requestRules` below).
import { CustomPlatformRequest, OAuthDefinition, PlatformCredentials, SetPlatformCredentials } from "@codat/platform/models";
import { constrain, fromModel } from "./from-model.js";

export const oauthDefinition = constrain(fromModel(OAuthDefinition), {
  description: "How a platform authorizes over OAuth 2.0. URLs may hold {name} placeholders filled from start parameters and kept values.",
});

export const platformCredentials = constrain(fromModel(PlatformCredentials), {
  description: "The client's app at a platform. The secret is never returned.",
});

/** A URL template a client writes (checked as a URL by services/platform-apps.ts). */
const urlTemplate = { minLength: 8, maxLength: 2048 };
/** A value's name: it appears in `{name}` placeholders. */
const name = { minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.-]+$" };
/** A regular expression (checked for anchors and backtracking by services/platform-apps.ts). */
const pattern = { minLength: 2, maxLength: 200 };
const scopes = { maxItems: 50, items: { minLength: 1, maxLength: 200, pattern: "^[^\\s,]+$" } };
const stringMap = { maxProperties: 20, propertyNames: { maxLength: 64 }, additionalProperties: { maxLength: 1024 } };
const keptValue = { additionalProperties: false, properties: { name, pattern } };

/**
 * What this server demands of these request bodies beyond the SDK's shapes, answering 400
 * otherwise: sizes (bounded, so validating and storing stay cheap), the characters of names and
 * scopes, and closed objects (an undeclared field is dropped, never stored). The SDK checks none
 * of this; the server is the authority on it.
 */
const requestRules = {
  credentialsBody: {
    description: "The app's client id and secret at the platform; the secret is encrypted at rest and never returned.",
    additionalProperties: false,
    properties: {
      clientId: { minLength: 1, maxLength: 512 },
      clientSecret: { minLength: 1, maxLength: 4096 },
      scopes,
    },
  },
  customPlatformBody: {
    description: "A generic OAuth 2.0 platform: its name and endpoints; what is left out takes its default.",
    additionalProperties: false,
    properties: {
      name: { minLength: 1, maxLength: 100, pattern: "^[^<>]+$" },
      oauth: {
        additionalProperties: false,
        properties: {
          issuer: { maxLength: 2048 },
          authorizeUrl: urlTemplate,
          tokenUrl: urlTemplate,
          revocationUrl: urlTemplate,
          apiBaseUrl: urlTemplate,
          scopes,
          authorizeParameters: stringMap,
          tokenParameters: stringMap,
          startParameters: {
            maxItems: 5,
            items: {
              additionalProperties: false,
              properties: { name, pattern, label: { minLength: 1, maxLength: 100 }, placeholder: { maxLength: 100 } },
            },
          },
          callbackParameters: { maxItems: 10, items: keptValue },
          tokenResponseFields: { maxItems: 10, items: keptValue },
          postConnect: {
            additionalProperties: false,
            properties: {
              url: urlTemplate,
              path: { minLength: 1, maxLength: 200, pattern: "^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$" },
              keep: keptValue,
            },
          },
          identity: name,
          apiHeaders: stringMap,
          apiTokenHeader: { minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9-]+$" },
          refreshMarginSeconds: { minimum: 0, maximum: 86_400 },
          accessTokenLifetimeSeconds: { minimum: 1, maximum: 31_536_000 },
          refreshTokenIdleDays: { minimum: 1, maximum: 3650 },
        },
      },
    },
  },
};

export const credentialsBody = constrain(fromModel(SetPlatformCredentials), requestRules.credentialsBody);
export const customPlatformBody = constrain(fromModel(CustomPlatformRequest), requestRules.customPlatformBody);
