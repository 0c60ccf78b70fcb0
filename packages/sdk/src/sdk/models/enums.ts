// The official clients' enum objects (`shared.DataConnectionStatus.Linked`, ...), for code that
// compares or sets values through them. Each type is the union of its values, as the models'.

/** The current authorization status of the data connection. */
export const DataConnectionStatus = {
  PendingAuth: "PendingAuth",
  Linked: "Linked",
  Unlinked: "Unlinked",
  Deauthorized: "Deauthorized",
} as const;
export type DataConnectionStatus = (typeof DataConnectionStatus)[keyof typeof DataConnectionStatus];

/** The type of platform of the connection. */
export const SourceType = {
  Accounting: "Accounting",
  Banking: "Banking",
  BankFeed: "BankFeed",
  Commerce: "Commerce",
  Expense: "Expense",
  Other: "Other",
  Unknown: "Unknown",
} as const;
export type SourceType = (typeof SourceType)[keyof typeof SourceType];

/** The current release state of the feature. */
export const FeatureState = {
  Release: "Release",
  Alpha: "Alpha",
  Beta: "Beta",
  Deprecated: "Deprecated",
  NotSupported: "NotSupported",
  NotImplemented: "NotImplemented",
} as const;
export type FeatureState = (typeof FeatureState)[keyof typeof FeatureState];
