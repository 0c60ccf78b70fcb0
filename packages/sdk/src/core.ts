// The client's state without any operation attached: what every standalone function takes.
import { HTTPClient } from "./lib/http-client.js";
import { normaliseBaseURL, SDK_VERSION, serverURLFromOptions, type SDKOptions } from "./lib/options.js";

/**
 * The client without its resource objects: pass it to the standalone functions
 * (`@codat/platform/funcs/<name>.js`), which return a `Result` instead of throwing. A bundle
 * that imports one function carries that operation only. `CodatPlatform` extends it.
 */
export class CodatPlatformCore {
  /** The options as given; read by the request core. */
  readonly _options: SDKOptions;
  /** The resolved base URL, without a trailing slash. */
  readonly _baseURL: string;
  readonly _httpClient: HTTPClient;
  readonly _userAgent: string;

  constructor(options: SDKOptions = {}) {
    this._options = options;
    this._baseURL = serverURLFromOptions(options);
    this._httpClient = options.httpClient ?? new HTTPClient();
    this._userAgent = options.userAgent ?? `codat-platform-typescript/${SDK_VERSION}`;
  }

  /** A per-call `serverURL` override, normalised like the client's own. */
  _serverURL(url: string | URL): string {
    return normaliseBaseURL(url);
  }
}
