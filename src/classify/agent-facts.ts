import { botName, isBotAgent } from './bot-agents.js';
import { matchInAppBrowser } from './in-app-browsers.js';
import { MAX_USER_AGENT_LENGTH } from './input-limits.js';
import { matchPreviewAgent } from './preview-agents.js';

/** What a user-agent string alone says about a request. */
export interface AgentFacts {
  previewSource: string | undefined;
  inAppSource: string | undefined;
  isBot: boolean;
  botName: string | undefined;
}

function analyseAgent(userAgent: string): AgentFacts {
  const previewSource = matchPreviewAgent(userAgent);
  const inAppSource = previewSource ? undefined : matchInAppBrowser(userAgent);
  const isBot = !previewSource && !inAppSource && isBotAgent(userAgent);
  return { previewSource, inAppSource, isBot, botName: isBot ? botName(userAgent) : undefined };
}

/**
 * Real traffic repeats a few thousand user agents over and over, and the regular expressions
 * are the classifier's main cost, so the facts of recent agents are memoised. The memo is
 * bounded (cleared when full) and holds derived facts only, in process memory. `classify()`
 * cuts agents to `MAX_USER_AGENT_LENGTH` (1,024) first, so every agent is memoised and the
 * memo holds at most 10,000 × 1,024 characters (about 20 MB).
 */
const MEMO_LIMIT = 10_000;
const memo = new Map<string, AgentFacts>();

export function agentFacts(userAgent: string): AgentFacts {
  const known = memo.get(userAgent);
  if (known) return known;
  const facts = analyseAgent(userAgent);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  if (userAgent.length <= MAX_USER_AGENT_LENGTH) memo.set(userAgent, facts);
  return facts;
}

/** Forgets every memoised agent (benchmarks measure the cold path with it). */
export function forgetAgents(): void {
  memo.clear();
}
