/** `decodeURIComponent` that returns malformed input (`%E0%A4%A`, a lone `%`) unchanged instead of throwing. */
export function safeDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
