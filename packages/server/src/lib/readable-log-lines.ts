// Log lines a person reads (LOG_FORMAT=pretty, or a terminal with LOG_FORMAT unset): each JSON
// line pino writes becomes one line `14:03:07.412 INFO  request completed GET /companies 200
// 3 ms`, the other fields as `name=value`, an error's stack indented below it. The JSON stays
// what files and log collectors get; this is only a view of it, written without a dependency.
import { format as formatText } from "node:util";

const LEVELS: Record<number, { label: string; colour: number }> = {
  10: { label: "TRACE", colour: 90 },
  20: { label: "DEBUG", colour: 90 },
  30: { label: "INFO", colour: 32 },
  40: { label: "WARN", colour: 33 },
  50: { label: "ERROR", colour: 31 },
  60: { label: "FATAL", colour: 31 },
};

/** Fields every line has, shown in their own places (or not at all: pid and host name). */
const PLACED = new Set(["level", "time", "msg", "pid", "hostname", "component", "err", "correlationId"]);
/** The access log's fields, shown as `GET /path 200 3 ms`. */
const ACCESS_FIELDS = ["method", "url", "statusCode", "responseTimeMs"] as const;

const two = (n: number) => String(n).padStart(2, "0");
const localDay = (date: Date) => `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
const localTime = (date: Date) => `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, "0")}`;

/** A field's value as it reads best: bare words bare, anything else as JSON. */
function fieldValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=]{1,200}$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

interface LogError {
  type?: string;
  message?: string;
  stack?: string;
}

/**
 * A pino destination (`{ write(line) }`) that writes each line readably through `out`. With
 * `colours`, levels and status codes are coloured (ANSI); a day's first line is preceded by
 * the date, so the times on each line can stay short.
 */
export class ReadableLogLines {
  private day = "";

  constructor(
    private readonly out: (text: string) => void,
    private readonly colours: boolean,
  ) {}

  write(chunk: string): void {
    let text = "";
    for (const line of chunk.split("\n")) if (line !== "") text += `${this.format(line)}\n`;
    this.out(text);
  }

  private paint(colour: number, text: string): string {
    return this.colours ? `\u001b[${colour}m${text}\u001b[39m` : text;
  }

  private dim(text: string): string {
    return this.colours ? `\u001b[2m${text}\u001b[22m` : text;
  }

  /** One JSON line as text; anything that is not a JSON object passes as it came. */
  format(line: string): string {
    let entry: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return line;
      entry = parsed as Record<string, unknown>;
    } catch {
      return line;
    }
    const date = new Date(typeof entry.time === "number" ? entry.time : Date.now());
    const day = localDay(date);
    let prefix = "";
    if (day !== this.day) {
      this.day = day;
      const zone = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(date).find((part) => part.type === "timeZoneName")?.value;
      prefix = `${this.dim(`-- ${day}${zone ? ` (times in ${zone})` : ""} --`)}\n`;
    }
    const level = LEVELS[Number(entry.level)] ?? { label: String(entry.level ?? "?").toUpperCase(), colour: 39 };
    const parts = [this.dim(localTime(date)), this.paint(level.colour, level.label.padEnd(5))];
    if (typeof entry.component === "string") parts.push(this.dim(`[${entry.component}]`));
    if (entry.msg !== undefined) parts.push(String(entry.msg));
    const access = ACCESS_FIELDS.every((name) => entry[name] !== undefined);
    if (access) {
      const status = Number(entry.statusCode);
      parts.push(`${String(entry.method)} ${String(entry.url)} ${this.paint(status >= 500 ? 31 : status >= 400 ? 33 : 32, String(status))} ${String(entry.responseTimeMs)} ms`);
    }
    for (const [name, value] of Object.entries(entry)) {
      if (PLACED.has(name) || (access && (ACCESS_FIELDS as readonly string[]).includes(name))) continue;
      parts.push(`${this.dim(`${name}=`)}${fieldValue(value)}`);
    }
    if (typeof entry.correlationId === "string") parts.push(this.dim(`correlationId=${entry.correlationId}`));
    let text = prefix + parts.join(" ");
    const error = entry.err as LogError | undefined;
    if (error && typeof error === "object") {
      const stack = typeof error.stack === "string" ? error.stack : formatText("%s: %s", error.type ?? "Error", error.message ?? "");
      text += `\n${stack.replace(/^/gm, "    ")}`;
    }
    return text;
  }
}
