// Dates in the reader's own locale and time zone.

const day = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dayAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function parse(iso: string | null | undefined): Date | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `{ text, iso }` for a `<time>` element, or undefined for a missing or invalid date. */
export function formatDate(iso: string | null | undefined, withTime = false): { text: string; iso: string } | undefined {
  const date = parse(iso);
  if (!date) return undefined;
  return { text: (withTime ? dayAndTime : day).format(date), iso: date.toISOString() };
}
