// A value that does not match its schema: a request, before anything is sent
// (`SDKValidationError`), or a success response's body (`ResponseValidationError`, which is
// also an `SDKValidationError` to `instanceof`, as in 6.x, so 4.x code that catches the one
// catches the other).
import { CodatPlatformError, type HTTPErrorMeta } from "./http.js";
import { defineHidden } from "./hidden.js";
import { oneLine } from "./one-line.js";

/** One problem found by a schema: where (a dotted path, `""` for the value itself) and what. */
export interface ValidationIssue {
  /** Where: the dotted path of the field (`results.0.id`), `""` for the value itself. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/** The issues a validation failure carries: valibot's (`cause.issues`), or the cause's message. */
function issuesOf(cause: unknown): ValidationIssue[] {
  const list = (cause as { issues?: unknown } | null)?.issues;
  if (Array.isArray(list)) {
    return list.map((issue: { path?: { key: unknown }[]; message?: unknown }) => ({
      path: issue.path?.map((item) => String(item.key)).join(".") ?? "",
      message: String(issue.message),
    }));
  }
  return cause instanceof Error ? [{ path: "", message: cause.message }] : [];
}

/** `what: path: first issue (and N more)`, on one line. */
function summary(what: string, issues: readonly ValidationIssue[]): string {
  const first = issues[0];
  if (!first) return what;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return oneLine(`${what}: ${first.path ? `${first.path}: ` : ""}${first.message}${more}`);
}

/** Every issue, one per line, under the message. */
function prettyIssues(what: unknown, issues: readonly ValidationIssue[]): string {
  return [String(what), ...issues.map((i) => `  ${i.path || "(root)"}: ${i.message}`)].join("\n");
}

/** A request (or a 2xx response body) that does not match its schema. */
export class SDKValidationError extends Error {
  static {
    this.prototype.name = "SDKValidationError";
  }
  /** The value that failed: the request object, or the response body (parsed, or its text). Not enumerable. */
  declare readonly rawValue: unknown;
  /** What was being validated, without the issues (the message adds the first one). */
  readonly rawMessage: unknown;
  /** Every problem the schema found. */
  readonly issues: readonly ValidationIssue[];

  /**
   * As in both official clients: `cause` is the validation failure (valibot's, here), `rawValue`
   * the value that failed.
   */
  constructor(message: string, cause: unknown, rawValue: unknown) {
    const issues = issuesOf(cause);
    super(summary(message, issues), { cause });
    this.rawMessage = message;
    this.issues = issues;
    defineHidden(this, { rawValue });
  }

  /**
   * `instanceof` matches any error with `rawValue`, `rawMessage` and `pretty()`, as in 6.x: a
   * `ResponseValidationError` is an `SDKValidationError` too.
   */
  static override [Symbol.hasInstance](instance: unknown): instance is SDKValidationError {
    return (
      instance instanceof Error &&
      "rawValue" in instance &&
      "rawMessage" in instance &&
      typeof (instance as { pretty?: unknown }).pretty === "function"
    );
  }

  /** The message and every issue, one per line. */
  pretty(): string {
    return prettyIssues(this.rawMessage, this.issues);
  }
}

/** A success response whose body is not JSON or does not match the operation's schema. */
export class ResponseValidationError extends CodatPlatformError {
  static {
    this.prototype.name = "ResponseValidationError";
  }
  /** The body that failed: parsed JSON, or the text when it is not JSON. Not enumerable. */
  declare readonly rawValue: unknown;
  /** What was being validated, without the issues. */
  readonly rawMessage: unknown;
  /** Every problem found. */
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, extra: HTTPErrorMeta & { cause: unknown; rawValue: unknown; rawMessage?: unknown }) {
    const issues = issuesOf(extra.cause);
    super(summary(message, issues), extra, { cause: extra.cause });
    this.rawMessage = extra.rawMessage ?? message;
    this.issues = issues;
    defineHidden(this, { rawValue: extra.rawValue });
  }

  /** The message and every issue, one per line. */
  pretty(): string {
    return prettyIssues(this.rawMessage, this.issues);
  }
}
