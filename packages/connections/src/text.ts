// The component's copy: US English, plain words, sentence case. Every string can be
// overridden through `options.text`; the `<group>.connectionDetails.dataTypes` keys have no
// default and, when given, are listed in the disconnect and reconnect confirmations.
// Keys are only ever added: a host's overrides of earlier keys keep working.

export const defaultText = {
  "main.title": "Manage your connections",
  "main.close": "Close",
  "main.loading": "Loading your connections…",
  "main.loadingHint": "This usually takes a few seconds.",
  "main.empty": "You have no connections to manage yet.",
  "main.emptyHint": "Connect your accounting, banking or commerce platform to share its data with the application.",
  "main.connect": "Connect a platform",
  "main.refresh": "Refresh",
  "main.retry": "Try again",
  "main.unrecoverable": "Close this window and open it again from the application.",
  "group.accounting": "Accounting",
  "group.banking": "Banking",
  "group.commerce": "Commerce",
  "status.Linked": "Connected",
  "status.Unlinked": "Disconnected",
  "status.Deauthorized": "Access expired",
  "status.PendingAuth": "Waiting for approval",
  /** Earlier prefix of the connected date; an override of it is still used on connected rows. */
  "connection.created": "Connected since",
  /** Earlier prefix of the last sync date; an override of it is still used. */
  "connection.lastSync": "Last synced",
  "connection.connectedWhen": "Connected {when}",
  "connection.firstConnectedWhen": "First connected {when}",
  "connection.disconnectedWhen": "Disconnected {when}",
  "connection.expiredWhen": "Access expired {when}",
  "connection.expiredHint": "Reconnect to restore access.",
  "connection.lastSyncWhen": "Last synced {when}",
  "connection.neverSynced": "Not synced yet",
  "connection.disconnect": "Disconnect",
  "connection.reconnect": "Reconnect",
  "time.justNow": "just now",
  "time.onDate": "on {date}",
  "disconnect.title": "Disconnect {name}?",
  "disconnect.body": "The application will stop receiving new data from {name}. Data it has already received is kept.",
  "disconnect.dataTypes": "You will stop sharing:",
  "disconnect.confirm": "Disconnect",
  "disconnect.done": "{name} is disconnected.",
  "disconnect.failed": "{name} was not disconnected. {reason}",
  "reconnect.title": "Reconnect {name}?",
  "reconnect.body": "The application will receive data from {name} again.",
  "reconnect.dataTypes": "You will share:",
  "reconnect.confirm": "Reconnect",
  "reconnect.waiting": "Approve the connection to {name} in the window that opened.",
  "reconnect.popupBlocked": "Your browser blocked the authorization window.",
  "reconnect.popupBlockedHint": "Open the authorization page to approve the connection to {name}, then come back here.",
  "reconnect.openLink": "Open the authorization page",
  "reconnect.notCompleted": "{name} was not reconnected.",
  "reconnect.failed": "{name} was not reconnected. {reason}",
  "reconnect.done": "{name} is connected again.",
  "common.cancel": "Cancel",
  "common.working": "Please wait…",
  "error.network": "The connections service could not be reached.",
  "error.networkHint": "Check your internet connection, then try again.",
  "error.generic": "Something went wrong.",
  "error.retryHint": "Wait a moment, then try again.",
  "error.invalidToken": "The access token is not valid.",
  "error.unauthorized": "Your session has expired or is not valid.",
  "error.forbidden": "This session cannot manage these connections.",
  "error.notConfigured": "This application is not set up to manage your connections yet.",
  "error.notConfiguredHint": "Let the application's support team know. Close this window and try again later.",
} as const;

export type TextKey = keyof typeof defaultText;
export type Group = "accounting" | "banking" | "commerce";
export type DataTypesKey = `${Group}.connectionDetails.dataTypes`;

export type TextOverrides = { [K in TextKey]?: string } & { [K in DataTypesKey]?: string[] };

/** Keys that replaced an earlier prefix key: a host that overrode only the earlier one gets
 * "<its prefix> <date>", as before. */
const EARLIER_PREFIX: Partial<Record<TextKey, TextKey>> = {
  "connection.connectedWhen": "connection.created",
  "connection.lastSyncWhen": "connection.lastSync",
};

export interface Text {
  /** `{name}`-style placeholders are filled from `values`. */
  (key: TextKey, values?: Record<string, string>): string;
  dataTypes(group: Group): readonly string[];
}

/** Builds the lookup the views use: overrides first, then defaults, `{name}` filled in. */
export function createText(overrides: TextOverrides = {}): Text {
  const given = (key: TextKey) => (typeof overrides[key] === "string" ? (overrides[key] as string) : undefined);
  const lookup = ((key: TextKey, values: Record<string, string> = {}) => {
    const earlier = EARLIER_PREFIX[key];
    const earlierOverride = earlier && given(earlier);
    const template = given(key) ?? (earlierOverride ? `${earlierOverride} {date}` : defaultText[key]);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  }) as Text;
  lookup.dataTypes = (group) => {
    const list = overrides[`${group}.connectionDetails.dataTypes`];
    return Array.isArray(list) ? list.filter((item) => typeof item === "string") : [];
  };
  return lookup;
}
