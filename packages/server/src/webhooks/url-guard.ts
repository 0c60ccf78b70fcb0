// SSRF guard for webhook consumer URLs. A client chooses the URL, the server makes the
// request: without this, a client could make the server call its own admin ports, cloud
// metadata (169.254.169.254) or anything else on the private network. The check runs on the
// address the socket actually connects to (see `guardedLookup`), so a DNS answer that changes
// between validation and delivery (DNS rebinding) cannot get around it.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

/** IPv4 ranges that are not the public internet (IANA special-purpose registry). */
const FORBIDDEN_IPV4: Array<[string, number]> = [
  ["0.0.0.0", 8], // "this network", including the unspecified address
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata services
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
];

const FORBIDDEN_IPV6: Array<[string, number]> = [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["::ffff:0:0:0", 96], // IPv4-translated (SIIT, RFC 2765): ::ffff:0:a.b.c.d reaches a.b.c.d through a translator
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // deprecated site-local
  ["ff00::", 8], // multicast
];

const forbidden = buildBlockList();

function buildBlockList(): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of FORBIDDEN_IPV6) list.addSubnet(network, prefix, "ipv6");
  for (const [network, prefix] of FORBIDDEN_IPV4) {
    list.addSubnet(network, prefix, "ipv4"); // Node also matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against these
    // IPv6 forms that embed an IPv4 address and reach it: IPv4-compatible, NAT64, 6to4.
    const [a, b, c, d] = network.split(".").map(Number) as [number, number, number, number];
    const high = ((a << 8) | b).toString(16);
    const low = ((c << 8) | d).toString(16);
    list.addSubnet(`::${high}:${low}`, 96 + prefix, "ipv6");
    list.addSubnet(`::ffff:${high}:${low}`, 96 + prefix, "ipv6");
    list.addSubnet(`64:ff9b::${high}:${low}`, 96 + prefix, "ipv6");
    list.addSubnet(`2002:${high}:${low}::`, 16 + prefix, "ipv6");
  }
  return list;
}

/** True for loopback, private, link-local, unique-local, CGNAT, multicast, unspecified, ... */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return forbidden.check(address, family === 4 ? "ipv4" : "ipv6");
}

export class ForbiddenUrlError extends Error {
  override readonly name = "ForbiddenUrlError";
}

const MAX_URL_LENGTH = 2048;

/**
 * Checks a consumer URL when it is registered: an absolute http(s) URL without credentials
 * whose host resolves, and (unless private URLs are allowed) only to public addresses.
 * Returns the reason it is refused, or undefined when it is acceptable.
 */
export async function checkConsumerUrl(raw: string, allowPrivate: boolean): Promise<string | undefined> {
  if (raw.length > MAX_URL_LENGTH) return `url must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "url must be an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "url must use https or http";
  if (url.username || url.password) return "url must not contain credentials";
  if (allowPrivate) return undefined;
  try {
    await resolvePublic(hostOf(url));
  } catch (error) {
    return error instanceof ForbiddenUrlError ? error.message : "url host could not be resolved";
  }
  return undefined;
}

/** The URL's host as DNS or `net` expect it (IPv6 literals without brackets). */
export function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

async function resolvePublic(host: string): Promise<void> {
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookupAll(host);
  if (addresses.length === 0 || addresses.some((a) => isForbiddenAddress(a.address))) {
    throw new ForbiddenUrlError("url must not resolve to a loopback, link-local or private address");
  }
}

function lookupAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/**
 * A `lookup` for `http.request` that resolves the host and refuses to hand a forbidden
 * address to the socket. Hosts given as IP literals never reach `lookup`: check those with
 * `isForbiddenAddress` before connecting.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const refused = addresses.find((a) => isForbiddenAddress(a.address));
    if (refused || addresses.length === 0) {
      const reason = new ForbiddenUrlError(`${hostname} resolves to a forbidden address (${refused?.address ?? "none"})`);
      return callback(reason as NodeJS.ErrnoException, "", 0);
    }
    if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};
