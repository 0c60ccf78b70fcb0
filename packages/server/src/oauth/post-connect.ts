// The step after the code exchange that finds which platform account the grant is for, where
// the token response does not say (oauth/definition.ts, `PostConnectStep`):
// - "xero-tenant": Xero lists every tenant the user ever connected to the app; the new one is
//   the tenant whose `authEventId` equals the `authentication_event_id` claim of the access
//   token just issued, not the first one in the list;
// - "lookup": one GET with the access token, one value kept from the JSON answer.
import { decodeJwt } from "jose";
import { fillTemplate, type PostConnectStep } from "./definition.js";
import { PlatformError, keepValues } from "./client.js";
import { PlatformUnreachableError, platformFetch, type OutboundPolicy } from "./outbound.js";

async function getJson(url: string, accessToken: string, policy: OutboundPolicy, platformName: string): Promise<unknown> {
  const response = await platformFetch(policy)(url, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
  // Down or overloaded: a platform outage, not a refusal (try again later).
  if (response.status >= 500 || response.status === 429) throw new PlatformUnreachableError(`it answered HTTP ${response.status}`);
  if (!response.ok) {
    throw new PlatformError(`${platformName} did not say which account was connected (HTTP ${response.status}).`, String(response.status), response.statusText || "Error");
  }
  try {
    return await response.json();
  } catch {
    throw new PlatformError(`${platformName} did not say which account was connected (its answer is not JSON).`, "502", "Bad Gateway");
  }
}

/** The value at a dot-separated path ("organizations.0.organization_id"). */
export function valueAt(document: unknown, path: string): unknown {
  let current = document;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[Number(part)] : (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Runs the step; returns the values it keeps (e.g. { tenantId }). */
export async function runPostConnectStep(
  step: PostConnectStep,
  input: { accessToken: string; values: Record<string, string>; policy: OutboundPolicy; platformName: string },
): Promise<Record<string, string>> {
  const { accessToken, values, policy, platformName } = input;
  const url = fillTemplate(step.url, values);
  if (url === undefined) throw new PlatformError(`${platformName}'s account lookup needs values the platform did not provide.`, "502", "Bad Gateway");
  if (step.kind === "lookup") {
    const document = await getJson(url, accessToken, policy, platformName);
    return keepValues([step.keep], () => valueAt(document, step.path), platformName, "account details");
  }
  let authEventId: unknown;
  try {
    authEventId = decodeJwt(accessToken).authentication_event_id;
  } catch {
    authEventId = undefined;
  }
  if (typeof authEventId !== "string") {
    throw new PlatformError(`${platformName}'s access token does not name its authorization event.`, "502", "Bad Gateway");
  }
  const tenants = await getJson(url, accessToken, policy, platformName);
  const match = Array.isArray(tenants) ? tenants.find((tenant) => (tenant as { authEventId?: unknown })?.authEventId === authEventId) : undefined;
  if (!match) throw new PlatformError(`${platformName} did not list the organization that was just connected.`, "502", "Bad Gateway");
  return keepValues([{ name: "tenantId", pattern: "^[A-Za-z0-9-]{1,64}$" }], (name) => (match as Record<string, unknown>)[name], platformName, "connections list");
}
