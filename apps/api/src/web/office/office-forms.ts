// Reading the office's posted forms: repeated fields, single values, whole numbers as typed.

/** A posted field that may repeat (checkboxes, table rows): always a list of strings. */
export function many(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((v) => (typeof v === 'string' ? v : ''));
  return typeof raw === 'string' ? [raw] : [];
}

export function one(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/** A whole number as typed, or the text itself so that the DTO's IsInt names the field; blank → undefined. */
export function intOrText(raw: string): number | string | undefined {
  const v = raw.trim();
  if (v === '') return undefined;
  return /^-?\d{1,9}$/.test(v) ? Number(v) : v;
}
