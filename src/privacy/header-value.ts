/**
 * Request headers as Node gives them (`IncomingHttpHeaders`): names lowercased, a repeated
 * header either joined with `, ` or, for a few, an array.
 */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The first element of a single-valued header, trimmed; `undefined` when absent or blank.
 * `name` must be lowercase: Node and the Fetch `Headers` class lowercase every name (names are
 * case-insensitive, RFC 9110 §5.1). A header sent twice arrives as `1, 1` (RFC 9110 §5.3).
 */
export function firstHeaderValue(headers: HeaderBag, name: string): string | undefined {
  const raw = headers[name];
  const joined = typeof raw === 'string' ? raw : raw?.[0];
  if (joined === undefined) return undefined;
  const comma = joined.indexOf(',');
  const first = (comma < 0 ? joined : joined.slice(0, comma)).trim();
  return first || undefined;
}
