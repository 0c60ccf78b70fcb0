// The official clients' path `@codat/platform/lib/retries`: the retry configuration types.
export type { BackoffStrategy, RetryConfig } from "../../lib/retries.js";
