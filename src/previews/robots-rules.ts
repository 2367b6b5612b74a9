interface Group {
  agents: string[];
  rules: { allow: boolean; path: string }[];
}

function groups(text: string): Group[] {
  const found: Group[] = [];
  let current: Group | undefined;
  let lastWasAgent = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        found.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
    } else if ((field === 'allow' || field === 'disallow') && current) {
      if (value !== '') current.rules.push({ allow: field === 'allow', path: value });
      lastWasAgent = false;
    }
  }
  return found;
}

/** `*` matches any run, a final `$` anchors the end (RFC 9309 §2.2.3). */
function matches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const parts = (anchored ? pattern.slice(0, -1) : pattern).split('*');
  let at = 0;
  for (const [index, part] of parts.entries()) {
    const found = index === 0 ? (path.startsWith(part) ? 0 : -1) : path.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return !anchored || at === path.length;
}

/**
 * Whether robots.txt lets `token` fetch `path` (RFC 9309): the group naming the token, else `*`;
 * the longest matching rule wins, `allow` on a tie; no rule: allowed.
 */
export function robotsAllows(robotsTxt: string, token: string, path: string): boolean {
  const all = groups(robotsTxt);
  const lower = token.toLowerCase();
  const group = all.find((g) => g.agents.includes(lower)) ?? all.find((g) => g.agents.includes('*'));
  if (!group) return true;
  let best: { allow: boolean; path: string } | undefined;
  for (const rule of group.rules) {
    if (!matches(rule.path, path)) continue;
    if (
      !best ||
      rule.path.length > best.path.length ||
      (rule.path.length === best.path.length && rule.allow)
    ) {
      best = rule;
    }
  }
  return best?.allow ?? true;
}
