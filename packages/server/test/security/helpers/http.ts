// A lean HTTP client for the security tests: node:http over a keep-alive agent (thousands of
// requests per second, unlike a fresh connection per call), plus a raw-socket sender for
// requests no well-behaved client would build (control characters, bytes outside Latin-1).
import http from "node:http";
import net from "node:net";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface SendOptions {
  method: string;
  /** Path and query, already encoded as it should go on the wire. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpClient {
  send(options: SendOptions): Promise<RawResponse>;
  close(): void;
}

export function httpClient(baseUrl: string, maxSockets = 16): HttpClient {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    send: ({ method, path, headers = {}, body }) =>
      new Promise((resolve, reject) => {
        const request = http.request(
          { host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}) }, agent },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }));
            response.on("error", reject);
          },
        );
        request.on("error", reject);
        request.end(body);
      }),
    close: () => agent.destroy(),
  };
}

/** Sends `head` (request line and headers, CRLF-separated, without the blank line) and a body
 * verbatim over a fresh socket, and parses the one response. */
export function sendRaw(baseUrl: string, head: Buffer, body: Buffer = Buffer.alloc(0)): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    socket.setTimeout(5000, () => socket.destroy(new Error("raw request timed out")));
    socket.end(Buffer.concat([head, Buffer.from("\r\nconnection: close\r\n\r\n"), body]));
  });
}

function parseResponse(data: Buffer): RawResponse {
  const end = data.indexOf("\r\n\r\n");
  if (end < 0) throw new Error(`no HTTP response (got ${data.length} bytes)`);
  const [statusLine = "", ...lines] = data.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: http.IncomingHttpHeaders = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = data.subarray(end + 4);
  // Only the first response: the server may answer what it read as a second request after it.
  if (headers["transfer-encoding"] === "chunked") body = dechunk(body);
  else if (headers["content-length"] !== undefined) body = body.subarray(0, Number(headers["content-length"]));
  return { status, headers, text: body.toString("utf8") };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    const size = parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    if (!size) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** Runs `task` over `items` with at most `concurrency` in flight; results keep their order. */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
