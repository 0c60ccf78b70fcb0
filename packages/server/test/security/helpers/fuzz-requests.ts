// Generated HTTP requests for the fuzz test: a route of the server, then hostile or valid
// path parameters, query strings, headers and bodies, driven by that route's schemas.
import fc from "fast-check";
import { anyText, hostileValue, validValue } from "./schema-arbitraries.js";
import { routeName, type RouteInfo } from "./routes.js";

export interface FuzzRequest {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface FuzzTargets {
  /** Known ids per path parameter name (own and other clients'), used besides random ones. */
  ids: Record<string, string[]>;
  /** Authorization values: valid ones of the fuzzing client first. */
  authorizations: string[];
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const printable = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

/** encodeURIComponent that survives lone surrogates (they become U+FFFD, as on the wire). */
const encode = (value: string) => encodeURIComponent(Buffer.from(value, "utf8").toString("utf8"));

function pathValue(name: string, targets: FuzzTargets): fc.Arbitrary<string> {
  const known = targets.ids[name] ?? [];
  return fc.oneof(
    { weight: 4, arbitrary: known.length ? fc.constantFrom(...known).map(encode) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: anyText().map(encode) },
    { weight: 1, arbitrary: fc.integer({ min: 150, max: 400 }).map((n) => "a".repeat(n)) },
    { weight: 1, arbitrary: fc.constantFrom("%", "%zz", "%E0%A4%A", "%00", "%2F", "..", "%2e%2e", "%C0%AF", "%FF%FE", "") },
  );
}

const queryLanguage = fc.oneof(
  anyText(80),
  fc.constantFrom("name=Zebra", "name~'x'||id!=null", "created>2020-01-01", "tags.region=r1", "name=&&", "||", "a.b.c.d=1", "name~%_\\", "status=Linked&&sourceType!=Banking"),
  fc.constantFrom("name=a\u0000b", "\u0000", "tags.re\u0000gion=r1", "name~\u0000"),
);

function queryString(route: RouteInfo): fc.Arbitrary<string> {
  const schema = route.querySchema;
  const known = schema
    ? fc.record(
        Object.fromEntries(
          Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>).map(([name, property]) => [
            name,
            name === "query" ? queryLanguage : fc.oneof(validValue(property), hostileValue(property), anyText()),
          ]),
        ),
        { requiredKeys: [] },
      )
    : fc.constant({});
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(known, fc.dictionary(anyText(10), anyText(20), { maxKeys: 2 })).map(([a, b]) => encodeQuery({ ...a, ...b })) },
    { weight: 1, arbitrary: fc.constantFrom("?page=%zz", "?pageSize=1e3&page=-0", "?query=%ff%fe", "?&&&==", "?page=1&page=2", "?pageSize=99999999999999999999", "?page=100000000000000000", "?page=2147483648&pageSize=5000", "?query=name%3Da%00b", "?orderBy=name%00") },
    { weight: 2, arbitrary: fc.constant("") },
  );
}

function encodeQuery(values: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    search.append(key, typeof value === "string" ? value : JSON.stringify(value) ?? "");
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

const contentTypes = fc.oneof(
  { weight: 8, arbitrary: fc.constant("application/json") },
  { weight: 1, arbitrary: fc.constantFrom("application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/jsonx", "application/json; charset=utf-16") },
);

function body(route: RouteInfo, bodyLimit: number): fc.Arbitrary<Buffer | undefined> {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? "null");
  const garbage = fc.oneof(anyText(200).map((t) => Buffer.from(t)), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)));
  const oversized = fc.integer({ min: bodyLimit + 1, max: bodyLimit * 2 }).map((n) => Buffer.from(JSON.stringify({ name: "x".repeat(n) })));
  if (!route.bodySchema) {
    return fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.jsonValue().map(json) }, { weight: 1, arbitrary: garbage });
  }
  return fc.oneof(
    { weight: 3, arbitrary: validValue(route.bodySchema).map(json) },
    { weight: 5, arbitrary: hostileValue(route.bodySchema).map(json) },
    { weight: 1, arbitrary: garbage },
    { weight: 1, arbitrary: oversized },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

export function fuzzRequest(routes: RouteInfo[], targets: FuzzTargets, bodyLimit: number): fc.Arbitrary<FuzzRequest> {
  const [ownKey, ...otherAuthorizations] = targets.authorizations;
  const authorization = fc.oneof(
    { weight: 8, arbitrary: fc.constant<string | undefined>(ownKey) },
    { weight: 2, arbitrary: fc.constantFrom<string | undefined>(...otherAuthorizations) },
    { weight: 1, arbitrary: printable(100).map((v) => `Basic ${v}`) },
    { weight: 1, arbitrary: printable(300).map((v) => `Bearer ${v}`) },
    { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
  );
  const extraHeader = fc.option(
    fc.tuple(fc.constantFrom("x-correlation-id", "origin", "accept", "accept-encoding", "x-forwarded-for", "if-none-match", "cookie", "x-custom"), printable(200)),
    { freq: 3 },
  );
  // One arbitrary per route, built once (building them is the expensive part), then picked.
  const perRoute = routes.map((route) =>
    fc
      .record({
        method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
        params: fc.record(Object.fromEntries(route.pathParams.map((name) => [name, pathValue(name, targets)]))),
        query: queryString(route),
        authorization,
        contentType: contentTypes,
        extraHeader,
        body: body(route, bodyLimit),
      })
      .map(({ method, params, query, authorization: auth, contentType, extraHeader: extra, body: payload }): FuzzRequest => {
        const path = route.template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
        const headers: Record<string, string> = {};
        if (auth !== undefined) headers.authorization = auth;
        if (payload !== undefined && contentType !== "") headers["content-type"] = contentType;
        if (extra) headers[extra[0]] = extra[1];
        return { route: routeName(route), method, path: `${path}${query}`, headers, ...(payload !== undefined && method !== "HEAD" ? { body: payload } : {}) };
      }),
  );
  return fc.oneof(...perRoute);
}
