import type { I18n } from './i18n';

/**
 * How dimension values read on screen: taxonomy names through the catalogues, apps and sites by
 * their own (untranslated) brand names, countries through Intl.DisplayNames.
 */
const BRANDS: Record<string, string> = {
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  telegram: 'Telegram',
  signal: 'Signal',
  imessage: 'iMessage',
  slack: 'Slack',
  discord: 'Discord',
  teams: 'Teams',
  skype: 'Skype',
  viber: 'Viber',
  line: 'LINE',
  wechat: 'WeChat',
  kakaotalk: 'KakaoTalk',
  snapchat: 'Snapchat',
  gmail: 'Gmail',
  outlook: 'Outlook',
  yahoomail: 'Yahoo Mail',
  protonmail: 'Proton Mail',
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X',
  linkedin: 'LinkedIn',
  reddit: 'Reddit',
  pinterest: 'Pinterest',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  threads: 'Threads',
  google: 'Google',
  bing: 'Bing',
  duckduckgo: 'DuckDuckGo',
  qwant: 'Qwant',
  ecosia: 'Ecosia',
  yahoo: 'Yahoo',
  yandex: 'Yandex',
  baidu: 'Baidu',
  brave: 'Brave',
  googlebot: 'Googlebot',
};

export function channelLabel(i18n: I18n, channel: string): string {
  return i18n.label(`channel.${channel}`, channel);
}

export function mediumLabel(i18n: I18n, medium: string): string {
  return i18n.label(`medium.${medium}`, medium);
}

export function confidenceLabel(i18n: I18n, confidence: string): string {
  return i18n.label(`confidence.${confidence}`, confidence);
}

/** `sms`, `email`, `copy` … are share channels; apps keep their brand name. */
export function sourceLabel(i18n: I18n, source: string): string {
  if (source.startsWith('referral:')) return source.slice('referral:'.length);
  const own = i18n.label(`source.${source}`, '');
  if (own) return own;
  return BRANDS[source] ?? source;
}

export function deviceLabel(i18n: I18n, device: string): string {
  // The rollups key an unknown value as '' (rollup-tables.ts): a row of its own, named as such.
  if (!device) return i18n.label('dimension.unknown', '—');
  return i18n.label(`device.${device}`, device);
}

export function browserLabel(i18n: I18n, browser: string): string {
  // '' is a page view recorded before browser families were (migration 17).
  if (!browser) return i18n.label('dimension.unknown', '—');
  return i18n.label(`browser.${browser}`, browser);
}

export function countryLabel(i18n: I18n, code: string): string {
  if (!code) return i18n.label('dimension.unknown', '—');
  try {
    return new Intl.DisplayNames([i18n.locale], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A label for any dimension value of a stats row. */
export function dimensionLabel(i18n: I18n, dimension: string, value: string): string {
  switch (dimension) {
    case 'channel':
      return channelLabel(i18n, value);
    case 'medium':
      return mediumLabel(i18n, value);
    case 'confidence':
      return confidenceLabel(i18n, value);
    case 'source':
      return sourceLabel(i18n, value);
    case 'device':
      return deviceLabel(i18n, value);
    case 'browser':
      return browserLabel(i18n, value);
    case 'country':
      return countryLabel(i18n, value);
    default:
      return value;
  }
}

/**
 * Series colours with at least 3:1 contrast against the white page (WCAG 1.4.11), dark social
 * first: the same channel keeps its colour in every chart.
 */
const CHANNEL_COLOURS: Record<string, string> = {
  'dark-social': '#5b3cc4',
  social: '#c2410c',
  search: '#0f766e',
  referral: '#1d4ed8',
  direct: '#6b7280',
  paid: '#b45309',
  internal: '#9ca3af',
  bot: '#4b5563',
  certain: '#5b3cc4',
  likely: '#8b5cf6',
  inferred: '#a78bfa',
  clicks: '#0f766e',
  previews: '#5b3cc4',
};
const FALLBACK_COLOURS = [
  '#5b3cc4',
  '#0f766e',
  '#c2410c',
  '#1d4ed8',
  '#b45309',
  '#be185d',
  '#4d7c0f',
  '#6b7280',
];

export function seriesColour(name: string, index: number): string {
  return CHANNEL_COLOURS[name] ?? FALLBACK_COLOURS[index % FALLBACK_COLOURS.length] ?? '#6b7280';
}
