// The official clients' path `@codat/platform/lib/http`: the fetch wrapper and its hook types.
export { HTTPClient } from "../../lib/http-client.js";
export type { BeforeRequestHook, Fetcher, HTTPClientOptions, RequestErrorHook, ResponseHook } from "../../lib/http-client.js";
