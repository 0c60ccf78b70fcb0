// Error messages are one line, whatever the server or the runtime said.

/** `text` on one line, at most `max` characters (an ellipsis marks a cut). */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
