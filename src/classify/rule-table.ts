/**
 * An ordered table of user-agent rules compiled for speed: one combined regular expression
 * rejects the common case (no rule matches) in a single pass, and only a string that matches
 * something is scanned rule by rule, so that the most specific rule, listed first, wins
 * (DESIGN.md §3: iMessage's agent also contains `facebookexternalhit` and `Twitterbot`).
 */
export interface UaRule<T> {
  pattern: RegExp;
  value: T;
}

export interface RuleTable<T> {
  match(userAgent: string): T | undefined;
}

export function compileRules<T>(rules: readonly UaRule<T>[]): RuleTable<T> {
  const anyRule = new RegExp(rules.map((rule) => `(?:${rule.pattern.source})`).join('|'), 'i');
  const ordered = rules.map((rule) => ({
    pattern: new RegExp(rule.pattern.source, 'i'),
    value: rule.value,
  }));
  return {
    match(userAgent) {
      if (!anyRule.test(userAgent)) return undefined;
      for (const rule of ordered) {
        if (rule.pattern.test(userAgent)) return rule.value;
      }
      return undefined;
    },
  };
}
