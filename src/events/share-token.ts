import { randomBytes } from 'node:crypto';

/**
 * Share tokens written into the address bar as `#pn=<token>` (docs/tracking-protocol.md).
 * `a` names a page × day × generation × origin channel (anonymous and strict modes); `c` names
 * one page view (consented mode, so cascades can be drawn); `b` is made by a share button and
 * names the app it was shared to. None names a person.
 */
export type ShareToken =
  | { kind: 'page'; generation: number; origin: string; day: string }
  | { kind: 'view'; generation: number; origin: string; id: string }
  | { kind: 'button'; generation: number; channel: string; origin: string; stamp: string };

/** Sources are lowercase ids (`whatsapp`, `referral:example.org` is not carried: see `originOf`). */
const WORD = '[a-z0-9-]{1,40}';
const DAY = '\\d{8}';
const ID = '[a-z0-9]{10}';
const GENERATION = '\\d{1,4}';
const PAGE = new RegExp(`^a\\.(${GENERATION})\\.(${WORD})\\.(${DAY})$`);
const VIEW = new RegExp(`^c\\.(${GENERATION})\\.(${WORD})\\.(${ID})$`);
const BUTTON = new RegExp(`^b\\.(${GENERATION})\\.(${WORD})\\.(${WORD})\\.(${DAY}|${ID})$`);

/** Reads a token; anything malformed is ignored (a visitor may edit the address bar). */
export function parseShareToken(text: string | undefined): ShareToken | undefined {
  if (!text || text.length > 120) return undefined;
  let match = PAGE.exec(text);
  if (match)
    return { kind: 'page', generation: Number(match[1]), origin: match[2] ?? '', day: match[3] ?? '' };
  match = VIEW.exec(text);
  if (match)
    return { kind: 'view', generation: Number(match[1]), origin: match[2] ?? '', id: match[3] ?? '' };
  match = BUTTON.exec(text);
  if (match) {
    return {
      kind: 'button',
      generation: Number(match[1]),
      channel: match[2] ?? '',
      origin: match[3] ?? '',
      stamp: match[4] ?? '',
    };
  }
  return undefined;
}

export function formatShareToken(token: ShareToken): string {
  switch (token.kind) {
    case 'page':
      return `a.${token.generation}.${token.origin}.${token.day}`;
    case 'view':
      return `c.${token.generation}.${token.origin}.${token.id}`;
    case 'button':
      return `b.${token.generation}.${token.channel}.${token.origin}.${token.stamp}`;
  }
}

let lastDay = { number: Number.NaN, text: '' };

/** `20261129` for a UTC time (the last day is remembered: every event of a day asks for it). */
export function tokenDay(timeMs: number): string {
  const day = Math.floor(timeMs / 86_400_000);
  if (day !== lastDay.number) {
    lastDay = {
      number: day,
      text: new Date(day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''),
    };
  }
  return lastDay.text;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 10 random base-36 characters (≈ 51 bits): names one page view, never a person. */
export function newViewId(): string {
  const bytes = randomBytes(10);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % 36];
  return id;
}

/**
 * The origin a chain carries: the first visit's source, as a token word. Referral hosts are
 * reduced to `referral` — a host in every shared URL would say too much and bloat the token.
 */
export function originOf(source: string): string {
  if (source.startsWith('referral:')) return 'referral';
  return /^[a-z0-9-]{1,40}$/.test(source) ? source : 'other';
}
