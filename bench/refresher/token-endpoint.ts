// A platform's token endpoint for the refresher benchmark, as lean as node:http allows: POST
// /token with `grant_type=refresh_token` and client_secret_basic, answering
// {access_token, token_type: "Bearer", expires_in: 1800, refresh_token: <new random>}. Refresh
// tokens rotate: each is good for one refresh, and its successor is the connection's only live
// token. A refresh token presented a second time, or one never issued, is a double refresh:
// counted, and refused with `invalid_grant` as a rotating platform (Xero, Sage) refuses it.
// Every successful refresh is timed (performance.now()), for the rate over any window.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface TokenEndpoint {
  tokenUrl: string;
  /** A new live refresh token for connection `i` (its first one, at seeding). */
  issue(i: number): string;
  /** The connection's live refresh token (what its database row must hold). */
  current(i: number): string | undefined;
  counts: {
    refreshes: number;
    /** A spent refresh token presented again. */
    replayed: number;
    /** A refresh token this endpoint never issued. */
    unknown: number;
    /** Wrong or missing client authentication, or another grant type. */
    refused: number;
  };
  /** Refreshes of each connection (index → count), for connections refreshed more than once. */
  perConnection: Uint32Array;
  /** performance.now() of each successful refresh, in order; `counts.refreshes` entries. */
  times: Float64Array;
  /** Live sockets: how many connections the nodes keep open to the endpoint. */
  sockets(): number;
  close(): Promise<void>;
}

export async function startTokenEndpoint(input: { connections: number; clientId: string; clientSecret: string }): Promise<TokenEndpoint> {
  // client_secret_basic: base64 of the form-encoded id and secret (RFC 6749 §2.3.1: clients may
  // escape more than they must, so the header is decoded, not compared); a checked header is remembered.
  const accepted = new Set<string>();
  const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, " "));
  const clientOk = (header: string | undefined): boolean => {
    if (header === undefined) return false;
    if (accepted.has(header)) return true;
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    if (!match) return false;
    const [id, secret] = Buffer.from(match[1]!, "base64").toString("utf8").split(":");
    try {
      if (id === undefined || secret === undefined || formDecode(id) !== input.clientId || formDecode(secret) !== input.clientSecret) return false;
    } catch {
      return false;
    }
    accepted.add(header);
    return true;
  };
  const live = new Map<string, number>();
  const spent = new Set<string>();
  const latest: string[] = new Array<string>(input.connections);
  const perConnection = new Uint32Array(input.connections);
  const times = new Float64Array(input.connections * 2);
  const counts = { refreshes: 0, replayed: 0, unknown: 0, refused: 0 };
  // Random tokens from a pool of random bytes: one syscall per 4 096 tokens.
  let pool = Buffer.alloc(0);
  let offset = 0;
  const newToken = (prefix: string): string => {
    if (offset + 24 > pool.length) {
      pool = randomBytes(24 * 4096);
      offset = 0;
    }
    offset += 24;
    return prefix + pool.toString("base64url", offset - 24, offset);
  };
  const issue = (i: number): string => {
    const token = newToken("rt-");
    live.set(token, i);
    latest[i] = token;
    return token;
  };

  const answer = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("latin1"));
      if (req.method !== "POST" || !clientOk(req.headers.authorization) || form.get("grant_type") !== "refresh_token") {
        counts.refused++;
        answer(res, 401, '{"error":"invalid_client"}');
        return;
      }
      const presented = form.get("refresh_token") ?? "";
      const i = live.get(presented);
      if (i === undefined) {
        if (spent.has(presented)) counts.replayed++;
        else counts.unknown++;
        answer(res, 400, '{"error":"invalid_grant","error_description":"refresh token already used or unknown"}');
        return;
      }
      live.delete(presented);
      spent.add(presented);
      const next = issue(i);
      perConnection[i]!++;
      if (counts.refreshes < times.length) times[counts.refreshes] = performance.now();
      counts.refreshes++;
      answer(res, 200, `{"access_token":"${newToken("at-")}","token_type":"Bearer","expires_in":1800,"refresh_token":"${next}"}`);
    });
  });
  // Longer than the server's client keeps idle sockets (10 s): the nodes' sockets stay open.
  server.keepAliveTimeout = 60_000;
  let open = 0;
  server.on("connection", (socket) => {
    open++;
    socket.once("close", () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    tokenUrl: `http://127.0.0.1:${port}/token`,
    issue,
    current: (i) => latest[i],
    counts,
    perConnection,
    times,
    sockets: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
