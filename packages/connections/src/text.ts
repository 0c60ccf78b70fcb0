// The component's copy. Every string can be overridden through `options.text`; the
// `<group>.connectionDetails.dataTypes` keys have no default and, when given, are listed
// in the disconnect and reconnect confirmations.

export const defaultText = {
  "main.title": "Manage your connections",
  "main.close": "Close",
  "main.loading": "Loading your connections…",
  "main.empty": "You have no connections to manage yet.",
  "main.retry": "Try again",
  "main.unrecoverable": "This session has ended. Close this window and open it again from the application.",
  "group.accounting": "Accounting",
  "group.banking": "Banking",
  "group.commerce": "Commerce",
  "status.Linked": "Connected",
  "status.Unlinked": "Disconnected",
  "status.Deauthorized": "Authorization expired",
  "connection.created": "Connected since",
  "connection.lastSync": "Last synced",
  "connection.neverSynced": "Not synced yet",
  "connection.disconnect": "Disconnect",
  "connection.reconnect": "Reconnect",
  "disconnect.title": "Disconnect {name}?",
  "disconnect.body": "The application will stop receiving new data from {name}. Data it has already received is kept.",
  "disconnect.dataTypes": "You will stop sharing:",
  "disconnect.confirm": "Disconnect",
  "disconnect.done": "{name} is disconnected.",
  "reconnect.title": "Reconnect {name}?",
  "reconnect.body": "The application will receive data from {name} again.",
  "reconnect.dataTypes": "You will share:",
  "reconnect.confirm": "Reconnect",
  "reconnect.waiting": "Approve the connection to {name} in the window that opened.",
  "reconnect.popupBlocked": "Your browser blocked the authorization window.",
  "reconnect.openLink": "Open the authorization page",
  "reconnect.notCompleted": "{name} was not reconnected.",
  "reconnect.failed": "{name} was not reconnected. {reason}",
  "reconnect.done": "{name} is connected again.",
  "common.cancel": "Cancel",
  "common.working": "Please wait…",
  "error.network": "The connections service could not be reached.",
  "error.generic": "Something went wrong.",
  "error.invalidToken": "The access token is not valid.",
} as const;

export type TextKey = keyof typeof defaultText;
export type Group = "accounting" | "banking" | "commerce";
export type DataTypesKey = `${Group}.connectionDetails.dataTypes`;

export type TextOverrides = { [K in TextKey]?: string } & { [K in DataTypesKey]?: string[] };

export interface Text {
  (key: TextKey, values?: Record<string, string>): string;
  dataTypes(group: Group): readonly string[];
}

/** Builds the lookup the views use: overrides first, then defaults, `{name}` filled in. */
export function createText(overrides: TextOverrides = {}): Text {
  const lookup = ((key: TextKey, values: Record<string, string> = {}) => {
    const override = overrides[key];
    const template = typeof override === "string" ? override : defaultText[key];
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  }) as Text;
  lookup.dataTypes = (group) => {
    const list = overrides[`${group}.connectionDetails.dataTypes`];
    return Array.isArray(list) ? list.filter((item) => typeof item === "string") : [];
  };
  return lookup;
}
