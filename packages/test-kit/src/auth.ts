// The Authorization header of an API key, as every client of the Platform API sends it.

/** `Basic <base64(apiKey)>`, ready for `Authorization` or the SDK's `authHeader`. */
export const basicAuth = (apiKey: string): string => `Basic ${Buffer.from(apiKey).toString("base64")}`;
