// Free TCP ports on loopback, for servers a test or benchmark starts itself (a real server
// process, a second node, a receiver that must come back on the same address).
import net from "node:net";

/**
 * A port nobody listens on right now (the OS picks it). Bind it at once: another process may
 * take it in between, so a helper that must not fail retries on EADDRINUSE.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** `http://127.0.0.1:<port>` on a free port: nothing answers there (yet). */
export async function freeLoopbackUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
