/** The one base class of every error this client throws or returns; `cause` is kept. */
export class CodatPlatformError extends Error {
  override name = "CodatPlatformError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
