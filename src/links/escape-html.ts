const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text made safe for both HTML text and quoted attribute values (OWASP XSS Prevention Cheat
 * Sheet, rules 1 and 2): `&`, `<`, `>`, `"` and `'` become character references.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
