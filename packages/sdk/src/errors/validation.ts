import { CodatPlatformError } from "./base.js";

/** One problem found by a schema: where (a dotted path) and what. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** A request, or a 2xx response body, that does not match its schema. */
export class SDKValidationError extends CodatPlatformError {
  override name = "SDKValidationError";
  /** The value that failed: the request object, or the parsed (or raw text) response body. */
  readonly rawValue: unknown;
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, rawValue: unknown, issues: readonly ValidationIssue[], options?: { cause?: unknown }) {
    super(message, options);
    this.rawValue = rawValue;
    this.issues = issues;
  }

  /** A readable, multi-line account of every issue. */
  pretty(): string {
    const lines = this.issues.map((i) => `  ${i.path || "(root)"}: ${i.message}`);
    return [this.message, ...lines].join("\n");
  }
}
