// The fetch wrapper every request goes through: a replaceable `fetcher` and three kinds of hook.
export type Fetcher = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
export type Awaitable<T> = T | Promise<T>;

/** May return a replacement `Request` (to add a header, sign, re-route, ...). */
export type BeforeRequestHook = (request: Request) => Awaitable<Request | void>;
/** Called when the fetcher throws (network failure, abort, timeout), before the error is mapped. */
export type RequestErrorHook = (error: unknown, request: Request) => Awaitable<void>;
/** Called with every response, whatever its status, before it is read. */
export type ResponseHook = (response: Response, request: Request) => Awaitable<void>;

export interface HTTPClientOptions {
  fetcher?: Fetcher;
}

type Hooks = {
  beforeRequest: BeforeRequestHook[];
  requestError: RequestErrorHook[];
  response: ResponseHook[];
};

// Resolved at call time, so that a fetch installed after this module loaded is used.
const globalFetcher: Fetcher = (input, init) => fetch(input, init);

export class HTTPClient {
  private readonly fetcher: Fetcher;
  private hooks: Hooks = { beforeRequest: [], requestError: [], response: [] };
  private hookCount = 0;

  constructor(private readonly options: HTTPClientOptions = {}) {
    this.fetcher = options.fetcher ?? globalFetcher;
  }

  /**
   * Sends one request. Without hooks the URL and init go straight to the fetcher (building a
   * `Request` object costs more than the rest of the client's work); with hooks they see a `Request`.
   */
  request(input: Request | URL | string, init?: RequestInit): Promise<Response> {
    return this.hookCount === 0 ? this.fetcher(input, init) : this.requestWithHooks(input, init);
  }

  private async requestWithHooks(input: Request | URL | string, init?: RequestInit): Promise<Response> {
    let request = input instanceof Request && !init ? input : new Request(input, init);
    for (const hook of this.hooks.beforeRequest) request = (await hook(request)) ?? request;
    let response: Response;
    try {
      response = await this.fetcher(request);
    } catch (error) {
      for (const hook of this.hooks.requestError) await hook(error, request);
      throw error;
    }
    for (const hook of this.hooks.response) await hook(response, request);
    return response;
  }

  addHook(hook: "beforeRequest", fn: BeforeRequestHook): this;
  addHook(hook: "requestError", fn: RequestErrorHook): this;
  addHook(hook: "response", fn: ResponseHook): this;
  addHook(hook: keyof Hooks, fn: BeforeRequestHook | RequestErrorHook | ResponseHook): this {
    (this.hooks[hook] as unknown[]).push(fn);
    this.hookCount++;
    return this;
  }

  removeHook(hook: "beforeRequest", fn: BeforeRequestHook): this;
  removeHook(hook: "requestError", fn: RequestErrorHook): this;
  removeHook(hook: "response", fn: ResponseHook): this;
  removeHook(hook: keyof Hooks, fn: BeforeRequestHook | RequestErrorHook | ResponseHook): this {
    const list = this.hooks[hook] as unknown[];
    const at = list.indexOf(fn);
    if (at >= 0) {
      list.splice(at, 1);
      this.hookCount--;
    }
    return this;
  }

  /** A client with the same fetcher and copies of the hook lists. */
  clone(): HTTPClient {
    const copy = new HTTPClient(this.options);
    copy.hooks = {
      beforeRequest: [...this.hooks.beforeRequest],
      requestError: [...this.hooks.requestError],
      response: [...this.hooks.response],
    };
    copy.hookCount = this.hookCount;
    return copy;
  }
}
