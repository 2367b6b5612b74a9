/**
 * An ordered table of user-agent rules compiled for speed: one combined regular expression
 * rejects the common case (no rule matches) in a single pass, and only a string that matches
 * something is scanned rule by rule, so that the most specific rule, listed first, wins
 * (DESIGN.md §3: iMessage's agent also contains `facebookexternalhit` and `Twitterbot`).
 */
export interface UaRule<T> {
  pattern: RegExp;
  /**
   * A word that must follow the pattern's match somewhere later in the agent (`Electron` after
   * `Slack/4.29 `). Written as `pattern.*word` it would cost O(n²) on an agent repeating the
   * pattern (issue 13, finding 8); a substring search after the match is linear.
   */
  followedBy?: string;
  value: T;
}

export interface RuleTable<T> {
  match(userAgent: string): T | undefined;
}

interface CompiledRule<T> {
  pattern: RegExp;
  followedBy: string | undefined;
  value: T;
}

function ruleMatches<T>(rule: CompiledRule<T>, userAgent: string): boolean {
  const found = rule.pattern.exec(userAgent);
  if (!found) return false;
  if (rule.followedBy === undefined) return true;
  return userAgent.toLowerCase().includes(rule.followedBy, found.index + found[0].length);
}

export function compileRules<T>(rules: readonly UaRule<T>[]): RuleTable<T> {
  // redos-safe: an alternation of the table's literals, each checked by scripts/check-redos.mjs;
  // with no quantifier around it, its cost is the sum of theirs.
  const anyRule = new RegExp(rules.map((rule) => `(?:${rule.pattern.source})`).join('|'), 'i');
  const ordered = rules.map((rule) => ({
    // redos-safe: the same checked literal, made case-insensitive.
    pattern: new RegExp(rule.pattern.source, 'i'),
    followedBy: rule.followedBy?.toLowerCase(),
    value: rule.value,
  }));
  return {
    match(userAgent) {
      if (!anyRule.test(userAgent)) return undefined;
      for (const rule of ordered) {
        if (ruleMatches(rule, userAgent)) return rule.value;
      }
      return undefined;
    },
  };
}
