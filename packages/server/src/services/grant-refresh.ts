// Refreshing a connection's grant at its platform, so it still works next month.
//
// Exactly one refresh of a connection is in flight anywhere: in this process, concurrent callers
// share one promise per connection; across processes and nodes, the refresh first claims the
// grant's row (storage/repositories/connection-credentials.ts: a lease in a short transaction,
// re-reading the version under the lock, so a caller that saw old tokens does not spend a
// refresh token someone else already rotated), renews that claim just before calling the
// platform (a claim that lapsed in a batch's queue and was taken over is dropped), calls the
// platform outside any transaction, and writes the outcome only while its claim stands. The rotated refresh token is stored with its
// access token in that one write; a response without one keeps the old.
//
// Outcomes: refreshed; deauthorized (the platform answered `invalid_grant`: the owner revoked
// access or the refresh token expired; the connection becomes Deauthorized with an active error
// and `connection.disconnected`); retrying (anything that may pass: unreachable, 5xx, 429,
// the app's credentials missing: the status stays, an active error is noted once, the next try
// is backed off with jitter, and only DEAUTHORIZE_AFTER_MS of failures without a break
// deauthorize).
import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import * as oauth from "oauth4webapi";
import type { CatalogueEntry } from "../catalogue/integrations.js";
import { deauthorizeConnection, noteConnectionError, resolveConnectionErrors, type FailureStatus } from "../connections/transitions.js";
import type { ServerContext } from "../context.js";
import { refreshTokens, type AppCredentials } from "../oauth/client.js";
import { describeNetworkError, PlatformUnreachableError } from "../oauth/outbound.js";
import { backoffMs, DEAUTHORIZE_AFTER_MS, REFRESH_LEASE_MS, retryAfterMs } from "../oauth/refresh-schedule.js";
import { getCompany } from "../storage/repositories/companies.js";
import {
  claimGrant,
  credentialsAssociatedData,
  grantVersion,
  holdsClaim,
  recordRefreshFailure,
  renewClaim,
  saveRefreshedTokens,
  takeCredentials,
  type ClaimedGrant,
  type RefreshedTokensWrite,
} from "../storage/repositories/connection-credentials.js";
import { lockConnection, type ConnectionInfo } from "../storage/repositories/connections.js";
import { TtlCache } from "../cache/ttl-cache.js";
import { WriteCoalescer } from "../lib/write-coalescer.js";
import { forgetAccess } from "./grant-access.js";
import { releaseGrant, sealTokens } from "./grants.js";
import { findPlatform, openAppCredentials } from "./platform-apps.js";

export type RefreshOutcome = "refreshed" | "deauthorized" | "retrying" | "lost" | "gone";

/** Deadline of one refresh call to a platform. */
const REFRESH_TIMEOUT_MS = 15_000;
/**
 * Lease a refresh keeps beyond its call's deadline: room for clocks of nodes that disagree a
 * little, and for writing the outcome.
 */
const LEASE_SAFETY_MS = 15_000;

interface PlatformApp {
  entry: CatalogueEntry;
  app: AppCredentials | undefined;
}

/**
 * Per server instance: the platforms and apps refreshes need (read once a second at most), the
 * refreshes in flight, and the writes of refreshed tokens (grouped: see lib/write-coalescer.ts).
 */
interface RefreshState {
  apps: TtlCache<string, PlatformApp | undefined>;
  inFlight: Map<string, Promise<RefreshOutcome>>;
  saves: WriteCoalescer<RefreshedTokensWrite, boolean>;
}

/** The most refreshed grants one statement stores. */
const MAX_SAVES_PER_STATEMENT = 100;
const states = new WeakMap<ServerContext, RefreshState>();
function stateOf(context: ServerContext): RefreshState {
  let state = states.get(context);
  if (!state) {
    const saves = new WriteCoalescer<RefreshedTokensWrite, boolean>(async (writes) => {
      const saved = await saveRefreshedTokens(context.db, writes);
      return writes.map((write) => saved.has(write.connectionId));
    }, MAX_SAVES_PER_STATEMENT);
    state = { apps: new TtlCache(Math.max(1, context.config.cacheTtlMs)), inFlight: new Map(), saves };
    states.set(context, state);
  }
  return state;
}

/** The platform of a connection and the client's app at it (cached briefly: refreshes come in bursts). */
export function platformAppOf(context: ServerContext, clientId: string, platformKey: string): PlatformApp | undefined | Promise<PlatformApp | undefined> {
  return stateOf(context).apps.get(`${clientId}:${platformKey}`, async () => {
    const entry = await findPlatform(context, clientId, platformKey);
    if (!entry?.oauth) return undefined;
    return { entry, app: await openAppCredentials(context, clientId, platformKey) };
  });
}

const isInvalidGrant = (error: unknown): boolean => error instanceof oauth.ResponseBodyError && error.error === "invalid_grant";

/** The HTTP status of an answer oauth4webapi could not read as a token response (a 5xx is never read for an error body). */
const unreadableStatusOf = (error: unknown): number | undefined =>
  error instanceof oauth.OperationProcessingError && error.cause instanceof Response && error.cause.status !== 200 ? error.cause.status : undefined;

/** Refreshes a grant this node has claimed (the background refresher, or `refreshNow`). */
export async function refreshClaimed(context: ServerContext, claimed: ClaimedGrant): Promise<RefreshOutcome> {
  const platform = await platformAppOf(context, claimed.clientId, claimed.integrationKey);
  const values = claimed.connectionInfo === null ? {} : (JSON.parse(claimed.connectionInfo) as ConnectionInfo);
  const name = platform?.entry.name ?? "The platform";
  if (!platform?.entry.oauth || !platform.app) {
    return retryLater(context, claimed, `${name}'s app is not set up any more, so access could not be renewed.`, { statusCode: "400", statusText: "Not enabled" });
  }
  if (claimed.refreshTokenSealed === null) {
    // Nothing to renew with: the grant lasts as long as its access token (the platform issued no refresh token).
    return deauthorize(context, claimed, `${name} issued no refresh token, and its access token has expired. Reconnect to renew access.`, { statusCode: "401", statusText: "Expired" }, false);
  }
  // The claim may be about to lapse (it waited its turn in the queue, or the platform is slow
  // for everyone), or have lapsed and been taken over since: then its refresh token may be spent
  // (presenting it again would make a rotating platform revoke the grant). So unless the lease
  // outlasts this call by a wide margin (a fresh claim, the usual case), it is renewed first,
  // only while the claim still holds the same tokens.
  if (claimed.claimedUntil - context.clock().getTime() < REFRESH_TIMEOUT_MS + LEASE_SAFETY_MS) {
    if (!(await renewClaim(context.db, { connectionId: claimed.connectionId, claimId: claimed.claimId, version: claimed.version, now: context.clock(), leaseMs: REFRESH_LEASE_MS }))) {
      context.log.info({ connectionId: claimed.connectionId }, "refresh dropped: its claim lapsed and another refresh took the grant");
      return "lost";
    }
  }
  const refreshToken = context.secretBox.openText(claimed.refreshTokenSealed, credentialsAssociatedData(claimed.connectionId, "refresh"));
  try {
    const tokens = await refreshTokens({
      definition: platform.entry.oauth,
      app: platform.app,
      values,
      refreshToken,
      policy: { allowPrivate: context.config.platformAllowPrivateUrls, timeoutMs: REFRESH_TIMEOUT_MS },
      now: context.clock,
    });
    // No refresh token in the answer: the old one stays good, and the next refresh is due the
    // usual margin ahead of expiry (sealed again, it is scheduled as a refresh token, not as none).
    const kept = tokens.refreshToken === undefined ? { ...tokens, refreshToken } : tokens;
    const tokensToSave = sealTokens(context, claimed.connectionId, platform.entry.oauth, kept);
    const saved = await stateOf(context).saves.submit({ connectionId: claimed.connectionId, claimId: claimed.claimId, tokens: tokensToSave });
    forgetAccess(context, claimed.clientId, claimed.connectionId);
    if (!saved) {
      // Our lease ran out and another node took over: it holds the newer tokens.
      context.log.warn({ connectionId: claimed.connectionId }, "refresh finished after its claim lapsed; its tokens were not stored");
      return "lost";
    }
    if (claimed.failures > 0) await resolveErrors(context, claimed);
    return "refreshed";
  } catch (error) {
    if (isInvalidGrant(error)) {
      return deauthorize(context, claimed, `${name} no longer grants access (the owner revoked it, or it lapsed unused). Reconnect to restore it.`, { statusCode: "400", statusText: "invalid_grant" }, false);
    }
    const answered = unreadableStatusOf(error);
    const reason =
      error instanceof PlatformUnreachableError
        ? `${name} could not be reached to renew access (${describeNetworkError(error.cause ?? error)}); retrying.`
        : error instanceof oauth.ResponseBodyError
          ? `${name} refused to renew access (${error.error}, HTTP ${error.status}); retrying.`
          : answered !== undefined
            ? `${name} could not renew access (HTTP ${answered}${STATUS_CODES[answered] ? ` ${STATUS_CODES[answered]}` : ""}); retrying.`
            : `${name} answered the renewal in a way that could not be used; retrying.`;
    const status =
      error instanceof oauth.ResponseBodyError
        ? { statusCode: String(error.status), statusText: error.error }
        : answered !== undefined
          ? { statusCode: String(answered), statusText: STATUS_CODES[answered] ?? "Error" }
          : { statusCode: "503", statusText: "Service Unavailable" };
    if (!(error instanceof PlatformUnreachableError) && !(error instanceof oauth.ResponseBodyError) && !(error instanceof oauth.OperationProcessingError)) {
      context.log.error({ err: error, connectionId: claimed.connectionId }, "refresh failed unexpectedly");
    }
    return retryLater(context, claimed, reason, status, retryAfterMs(answerOf(error)?.headers.get("retry-after"), context.clock()));
  }
}

/** The platform's answer behind a refusal oauth4webapi raised, if it had one. */
function answerOf(error: unknown): Response | undefined {
  if (error instanceof oauth.ResponseBodyError) return error.response;
  return error instanceof oauth.OperationProcessingError && error.cause instanceof Response ? error.cause : undefined;
}

/**
 * A failure that may pass: backed off (longer when the platform's `Retry-After` says so); noted
 * on the connection once; deauthorized after a long outage.
 */
async function retryLater(context: ServerContext, claimed: ClaimedGrant, reason: string, status: FailureStatus, platformWaitMs?: number): Promise<RefreshOutcome> {
  const now = context.clock();
  const failingSince = claimed.failingSince ?? now.toISOString();
  if (now.getTime() - Date.parse(failingSince) >= DEAUTHORIZE_AFTER_MS) {
    const hours = Math.round(DEAUTHORIZE_AFTER_MS / 3_600_000);
    return deauthorize(context, claimed, `Access could not be renewed for ${hours} hours (${reason.replace(/; retrying\.$/, "")}). Reconnect to restore it.`, status, true);
  }
  const failures = claimed.failures + 1;
  const retryAt = new Date(now.getTime() + Math.max(backoffMs(failures), platformWaitMs ?? 0)).toISOString();
  if (!(await recordRefreshFailure(context.db, claimed.connectionId, claimed.claimId, { failures, failingSince, retryAt }))) return "lost";
  if (claimed.failures === 0) {
    await context.db.transaction().execute(async (trx) => {
      const connection = await lockConnection(trx, claimed.clientId, claimed.connectionId);
      const company = connection && (await getCompany(trx, claimed.clientId, claimed.companyId));
      if (!connection || !company) return;
      await noteConnectionError({ db: trx, company, connection, publicUrl: context.config.publicUrl, now }, reason, status);
    });
  }
  context.log.warn({ connectionId: claimed.connectionId, failures, retryAt, reason }, "refresh failed; retrying later");
  return "retrying";
}

/** The grant is gone: its tokens deleted (revoked too, when it may still be alive), the connection Deauthorized. */
async function deauthorize(context: ServerContext, claimed: ClaimedGrant, reason: string, status: FailureStatus, revoke: boolean): Promise<RefreshOutcome> {
  const now = context.clock();
  return context.db.transaction().execute(async (trx): Promise<RefreshOutcome> => {
    const connection = await lockConnection(trx, claimed.clientId, claimed.connectionId);
    const company = connection && (await getCompany(trx, claimed.clientId, claimed.companyId));
    if (!connection || !company) return "gone";
    // A reconnect may have stored a new grant since this refresh claimed the old one.
    if (!(await holdsClaim(trx, claimed.connectionId, claimed.claimId))) return "lost";
    if (revoke) await releaseGrant(context, trx, connection);
    else await takeCredentials(trx, claimed.clientId, claimed.connectionId);
    forgetAccess(context, claimed.clientId, claimed.connectionId);
    await deauthorizeConnection({ db: trx, company, connection, publicUrl: context.config.publicUrl, now }, reason, status);
    context.log.info({ connectionId: claimed.connectionId, reason: status.statusText }, "connection deauthorized");
    return "deauthorized";
  });
}

async function resolveErrors(context: ServerContext, claimed: ClaimedGrant): Promise<void> {
  const now = context.clock();
  await context.db.transaction().execute(async (trx) => {
    const connection = await lockConnection(trx, claimed.clientId, claimed.connectionId);
    const company = connection && (await getCompany(trx, claimed.clientId, claimed.companyId));
    if (!connection || !company) return;
    await resolveConnectionErrors({ db: trx, company, connection, publicUrl: context.config.publicUrl, now });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Refreshes the connection's grant now, unless its tokens are no longer `seenVersion` (someone
 * refreshed since the caller read them). Waits for a refresh another process holds to finish.
 * One call per connection runs at a time in this process; the others share its outcome.
 */
export function refreshNow(context: ServerContext, clientId: string, connectionId: string, seenVersion: number): Promise<RefreshOutcome> {
  const { inFlight } = stateOf(context);
  const running = inFlight.get(connectionId);
  if (running) return running;
  const refresh = (async (): Promise<RefreshOutcome> => {
    const claimed = await claimGrant(context.db, { clientId, connectionId, seenVersion, now: context.clock(), leaseMs: REFRESH_LEASE_MS, claimId: randomUUID() });
    if (claimed === undefined) return "gone";
    if (claimed === "changed") return "refreshed";
    if (claimed === "backing-off") return "retrying";
    if (claimed !== "busy") return refreshClaimed(context, claimed);
    // Another process is refreshing it: wait for its outcome rather than refreshing twice.
    const deadline = Date.now() + REFRESH_LEASE_MS;
    while (Date.now() < deadline) {
      await sleep(50);
      const current = await grantVersion(context.db, connectionId, context.clock());
      if (!current) return "gone";
      if (current.version !== seenVersion) return "refreshed";
      // Released without new tokens: that refresh failed, and is backing off.
      if (!current.claimed) return "retrying";
    }
    return "retrying";
  })().finally(() => inFlight.delete(connectionId));
  inFlight.set(connectionId, refresh);
  return refresh;
}
