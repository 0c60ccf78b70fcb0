// Which connections the component shows, and under which heading.
import type { Connection } from "./api.js";
import type { Group, TextKey } from "./text.js";

export const GROUPS: readonly Group[] = ["accounting", "banking", "commerce"];

const GROUP_OF_SOURCE_TYPE: Record<string, Group> = {
  Accounting: "accounting",
  Banking: "banking",
  BankFeed: "banking",
  Commerce: "commerce",
};

/** Pending connections were never authorized, so there is nothing to manage yet. */
const MANAGED_STATUSES = new Set(["Linked", "Unlinked", "Deauthorized"]);
const STATUSES = new Set([...MANAGED_STATUSES, "PendingAuth"]);

/** The status label's key ("Connected", "Disconnected", "Access expired", "Waiting for approval"). */
export function statusKey(status: Connection["status"]): TextKey {
  return STATUSES.has(status) ? (`status.${status}` as TextKey) : "status.Unlinked";
}

export function groupOf(connection: Connection): Group | undefined {
  return GROUP_OF_SOURCE_TYPE[connection.sourceType];
}

export function groupConnections(connections: readonly Connection[]): Map<Group, Connection[]> {
  const groups = new Map<Group, Connection[]>();
  for (const connection of connections) {
    const group = groupOf(connection);
    if (!group || !MANAGED_STATUSES.has(connection.status)) continue;
    const list = groups.get(group) ?? [];
    list.push(connection);
    groups.set(group, list);
  }
  for (const list of groups.values()) {
    list.sort((a, b) => a.platformName.localeCompare(b.platformName) || a.created.localeCompare(b.created));
  }
  return groups;
}
