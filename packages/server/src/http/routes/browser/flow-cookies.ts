// The cookie that binds an authorization flow to the browser that started it (see
// services/authorization.ts): HttpOnly, SameSite=Lax (the platform's redirect back is a
// top-level GET, which Lax cookies accompany), Secure and `__Host-` on https.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FlowCookie } from "../../../services/authorization.js";

export function setFlowCookie(reply: FastifyReply, cookie: FlowCookie): void {
  const attributes = [`${cookie.name}=${cookie.value}`, `Path=${cookie.path}`, `Max-Age=${cookie.maxAgeSeconds}`, "HttpOnly", "SameSite=Lax"];
  if (cookie.secure) attributes.push("Secure");
  reply.header("set-cookie", attributes.join("; "));
}

/** Expires the flow's cookie once its callback arrived. */
export function clearFlowCookie(reply: FastifyReply, cookie: Pick<FlowCookie, "name" | "path" | "secure">): void {
  setFlowCookie(reply, { ...cookie, value: "", maxAgeSeconds: 0 });
}

/** The request's cookies (RFC 6265 `Cookie` header; at most 50, names and values bounded). */
export function cookiesOf(request: FastifyRequest): Record<string, string> {
  const header = request.headers.cookie;
  const cookies: Record<string, string> = {};
  if (typeof header !== "string") return cookies;
  for (const pair of header.split(";").slice(0, 50)) {
    const index = pair.indexOf("=");
    if (index <= 0) continue;
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1).trim();
    if (name.length <= 128 && value.length <= 512) cookies[name] = value;
  }
  return cookies;
}
