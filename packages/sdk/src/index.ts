export { CodatPlatform } from "./sdk.js";
export { CodatPlatformCore } from "./core.js";
export * from "./errors/index.js";
export { HTTPClient } from "./lib/http-client.js";
export type {
  BeforeRequestHook,
  Fetcher,
  HTTPClientOptions,
  RequestErrorHook,
  ResponseHook,
} from "./lib/http-client.js";
export { ServerList, type FetchOptions, type Logger, type RequestOptions, type SDKOptions } from "./lib/options.js";
export type { BackoffStrategy, RetryConfig } from "./lib/retries.js";
export type { Result } from "./lib/result.js";
export type { APIFailure } from "./lib/request.js";
export type * from "./models/index.js";
export type { ConnectionProxyRequest, ProxyMethod, ProxyQueryValue } from "./funcs/connectionsProxy.js";
export { createAccessTokenCache, tokenExpiry } from "./token-cache.js";
export type { AccessTokenCache, AccessTokenCacheOptions } from "./token-cache.js";
