// The server's pino logger. Secrets never reach a log line: authorization headers, API keys,
// tokens and private keys are redacted wherever they appear.
import type { FastifyBaseLogger } from "fastify";
import pino, { type Bindings, type ChildLoggerOptions, type Logger } from "pino";
import type { LogFormat } from "./config.js";
import { ReadableLogLines } from "./lib/readable-log-lines.js";

export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "headers.authorization",
  "authorization",
  "apiKey",
  "*.apiKey",
  "key",
  "accessToken",
  "*.accessToken",
  "token",
  "*.token",
  "privateKey",
  "*.privateKey",
  "secret",
  "*.secret",
];

/**
 * Where log lines go: standard output, as JSON through a 4 KB buffer flushed at least every
 * 100 ms and when the process exits (under load one write carries dozens of request lines
 * instead of one: a write per line cost ≈ 8 µs per request at 10 000 requests/s); or, for a
 * person (LOG_FORMAT=pretty, or unset on a terminal), as readable lines written at once,
 * coloured when the terminal takes colours (NO_COLOR / FORCE_COLOR are honoured by Node).
 */
export function logDestination(format: LogFormat, output: NodeJS.WriteStream = process.stdout): pino.DestinationStream {
  const readable = format === "pretty" || (format === "auto" && output.isTTY === true);
  if (!readable) return pino.destination({ dest: 1, minLength: 4096, periodicFlush: 100 });
  const colours = output.isTTY === true && typeof output.hasColors === "function" && output.hasColors();
  return new ReadableLogLines((text) => output.write(text), colours);
}

export function createLogger(level: string, destination: pino.DestinationStream = logDestination("auto")): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, destination);
}

/** The fields of the one line each request logs on completion. */
export interface AccessLogEntry {
  correlationId: string;
  method: string;
  /** The route template, or "(no route)". */
  url: string;
  statusCode: number;
  responseTimeMs: number;
}

const ACCESS_MESSAGE = JSON.stringify("request completed");

/**
 * Writes access-log lines at `info` exactly as `logger.info(entry, "request completed")` would
 * (same keys in the same order, same bindings), but without pino's general path: redaction and
 * serialisation cost ≈ 8 µs per request, and these fields are fixed and never carry a secret.
 * Falls back to `logger.info` for a logger that is not a plain pino logger.
 */
export function accessLogWriter(logger: FastifyBaseLogger): (entry: AccessLogEntry) => void {
  const pinoLogger = logger as unknown as Partial<Record<symbol, unknown>>;
  const stream = pinoLogger[pino.symbols.streamSym] as { write(line: string): unknown } | undefined;
  const bindings = pinoLogger[pino.symbols.chindingsSym];
  const usesDefaults =
    pinoLogger[pino.symbols.messageKeySym] === "msg" && pinoLogger[pino.symbols.timeSym] === pino.stdTimeFunctions.epochTime;
  if (!stream || typeof bindings !== "string" || !usesDefaults) {
    return ({ correlationId, method, url, statusCode, responseTimeMs }) =>
      logger.info({ correlationId, method, url, statusCode, responseTimeMs }, "request completed");
  }
  const level = pino.levels.values.info;
  return (entry) => {
    stream.write(
      `{"level":${level},"time":${Date.now()}${bindings},"correlationId":${JSON.stringify(entry.correlationId)},` +
        `"method":${JSON.stringify(entry.method)},"url":${JSON.stringify(entry.url)},"statusCode":${entry.statusCode},` +
        `"responseTimeMs":${entry.responseTimeMs},"msg":${ACCESS_MESSAGE}}\n`,
    );
  };
}

/**
 * Fastify's `childLoggerFactory`: each request's logger (bound to its correlation id) becomes a
 * pino child only when the request logs a line of its own. Most requests log nothing but their
 * completion line, which the request-log hook writes through the root logger, so they never
 * pay for a child (≈ 2 µs each, mostly serialising the bindings).
 */
export function lazyChildLogger(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChildLogger(parent, bindings, options) as unknown as FastifyBaseLogger;
}

type LogArgs = Parameters<FastifyBaseLogger["info"]>;

/** The log methods live on the prototype: a request's logger costs one small object. */
class LazyChildLogger {
  private logger: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get real(): FastifyBaseLogger {
    return (this.logger ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.logger?.level ?? this.options.level ?? this.parent.level;
  }
  set level(level: string) {
    this.real.level = level;
  }

  fatal(...args: LogArgs): void {
    this.real.fatal(...args);
  }
  error(...args: LogArgs): void {
    this.real.error(...args);
  }
  warn(...args: LogArgs): void {
    this.real.warn(...args);
  }
  info(...args: LogArgs): void {
    this.real.info(...args);
  }
  debug(...args: LogArgs): void {
    this.real.debug(...args);
  }
  trace(...args: LogArgs): void {
    this.real.trace(...args);
  }
  silent(...args: LogArgs): void {
    this.real.silent(...args);
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}
