import type { Channel, Medium } from './taxonomy.js';

/** Where a known source belongs when a person (or a preview fetcher) comes from it. */
export interface SourceInfo {
  channel: Channel;
  medium: Medium;
}

const MESSAGING: SourceInfo = { channel: 'dark-social', medium: 'messaging' };
const EMAIL: SourceInfo = { channel: 'dark-social', medium: 'email' };
const SOCIAL: SourceInfo = { channel: 'social', medium: 'social' };
const SEARCH: SourceInfo = { channel: 'search', medium: 'organic' };

function group(info: SourceInfo, ids: readonly string[]): [string, SourceInfo][] {
  return ids.map((id) => [id, info]);
}

/**
 * Every source id the classifier can emit for a known app or site, with its channel.
 * Private messaging and e-mail are dark social (DESIGN.md §3); public feeds are social.
 * Snapchat counts as messaging: its links travel in private snaps and chats.
 */
export const SOURCES: ReadonlyMap<string, SourceInfo> = new Map<string, SourceInfo>([
  ...group(MESSAGING, [
    'whatsapp',
    'messenger',
    'telegram',
    'signal',
    'imessage',
    'slack',
    'discord',
    'teams',
    'skype',
    'viber',
    'line',
    'wechat',
    'kakaotalk',
    'snapchat',
    'zalo',
    'googlechat',
    'qq',
    'dingtalk',
    'matrix',
    'threema',
    'wire',
    'chatwork',
    'mattermost',
    'zulip',
    'rocketchat',
    'iframely',
    'embedly',
    'bitrix',
  ]),
  ...group(EMAIL, ['gmail', 'outlook', 'yahoomail', 'protonmail', 'email']),
  ['sms', { channel: 'dark-social', medium: 'sms' }],
  // Android's texting app (SMS and RCS chats) draws its own cards (preview-agents.ts).
  ['googlemessages', { channel: 'dark-social', medium: 'sms' }],
  ['qr', { channel: 'dark-social', medium: 'qr' }],
  ...group(SOCIAL, [
    'facebook',
    'instagram',
    'x',
    'linkedin',
    'reddit',
    'pinterest',
    'tiktok',
    'douyin',
    'youtube',
    'mastodon',
    'bluesky',
    'threads',
    'tumblr',
    'vk',
    'ok',
    'weibo',
    'quora',
    'hackernews',
    'flipboard',
    'xing',
    'twitch',
    'lemmy',
    'discourse',
  ]),
  ...group(SEARCH, [
    'google',
    'bing',
    'duckduckgo',
    'yahoo',
    'yandex',
    'baidu',
    'ecosia',
    'qwant',
    'brave',
    'naver',
    'seznam',
    'startpage',
    'ask',
    'aol',
    'sogou',
    'so360',
    'daum',
    'kagi',
    'mojeek',
    'yep',
    'petal',
    'coccoc',
    'lilo',
  ]),
]);

/** The share-kit channel names that are not app ids: a copied link and a printed QR code. */
const TRACKED_ALIASES: ReadonlyMap<string, { source: string; info: SourceInfo }> = new Map([
  ['copy', { source: 'direct', info: { channel: 'dark-social', medium: 'copy-paste' } }],
  ['qr', { source: 'qr', info: { channel: 'dark-social', medium: 'qr' } }],
]);

export function sourceInfo(source: string): SourceInfo | undefined {
  return SOURCES.get(source);
}

/** Resolves a share-kit channel (`whatsapp`, `copy`, `qr` …) to the source and channel it proves. */
export function trackedSource(channel: string): { source: string; info: SourceInfo } | undefined {
  const alias = TRACKED_ALIASES.get(channel);
  if (alias) return alias;
  const info = SOURCES.get(channel);
  return info ? { source: channel, info } : undefined;
}

/** Every channel name a share kit or share button may carry. */
export function isTrackableChannel(channel: string): boolean {
  return TRACKED_ALIASES.has(channel) || SOURCES.has(channel);
}
