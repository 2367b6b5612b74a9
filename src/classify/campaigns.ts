import { sourceForHost } from './referrers.js';
import { SOURCES } from './sources.js';
import type { Channel, Medium } from './taxonomy.js';

export interface CampaignAttribution {
  channel: Channel;
  medium: Medium;
  source: string;
}

/**
 * `utm_medium` vocabularies. E-mail and SMS follow GA4's channel rules (facts §3.3:
 * `email|e-mail|e_mail|e mail`, `sms`); paid follows GA4's `^(.*cp.*|ppc|retargeting|paid.*)$`
 * and its Display list; social follows GA4's Organic Social list.
 */
const EMAIL_MEDIUM =
  /^(?:e[-_ ]?mail(?:ing)?s?|newsletters?|mailing|mail|courriel|e-?news)$|e[-_ ]?mail|newsletter/;
const SMS_MEDIUM = /^(?:sms|mms|text|texto|txt|text[-_ ]?message)$|(?:^|[-_ ])sms(?:$|[-_ ])/;
const MESSAGING_MEDIUM = /^(?:im|chat|dm|messaging|messenger|instant[-_ ]?messag\w*|dark[-_ ]?social)$/;
const QR_MEDIUM = /^qr(?:[-_ ]?code)?$/;
const COPY_MEDIUM = /^copy(?:[-_ ]?paste)?$/;
const PAID_MEDIUM_WORD = /^(?:ppc|retargeting|display|banner|expandable|interstitial|cpm|ads?)$/;
/** What `.` does not match, so that the GA4 rule below keeps its meaning. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
const DISPLAY_MEDIUM = /^(?:display|banner|expandable|interstitial|cpm)$/;
const SOCIAL_MEDIUM = /^(?:social|social[-_ ]network|social[-_ ]media|sm|organic[-_ ]social|socialmedia)$/;
const ORGANIC_MEDIUM = /^organic$/;
const HOST_LIKE = /^(?:[a-z\d-]+\.)+[a-z]{2,}$/;

/** Common spellings of `utm_source` values that name a known source another way. */
const SOURCE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['fb', 'facebook'],
  ['facebook_ads', 'facebook'],
  ['meta', 'facebook'],
  ['ig', 'instagram'],
  ['insta', 'instagram'],
  ['twitter', 'x'],
  ['tw', 'x'],
  ['wa', 'whatsapp'],
  ['whats_app', 'whatsapp'],
  ['tg', 'telegram'],
  ['fbmessenger', 'messenger'],
  ['facebook_messenger', 'messenger'],
  ['fb_messenger', 'messenger'],
  ['msteams', 'teams'],
  ['microsoft_teams', 'teams'],
  ['yt', 'youtube'],
  ['li', 'linkedin'],
  ['newsletter', 'email'],
  ['mail', 'email'],
  ['e-mail', 'email'],
  ['e_mail', 'email'],
  ['text', 'sms'],
  ['kakao', 'kakaotalk'],
  ['weixin', 'wechat'],
  ['bsky', 'bluesky'],
  ['adwords', 'google'],
  ['googleads', 'google'],
  ['google_ads', 'google'],
  ['microsoft', 'bing'],
  ['msn', 'bing'],
]);

/** A `utm_source` value as a known source id, if it names one (`whatsapp`, `fb`, `m.facebook.com`). */
export function normaliseCampaignSource(value: string): string | undefined {
  if (SOURCES.has(value)) return value;
  const alias = SOURCE_ALIASES.get(value);
  if (alias) return alias;
  if (value.includes('.')) {
    const host = sourceForHost(value);
    return host === 'referral' ? undefined : host;
  }
  // `whatsapp_share`, `sms-alert`: the first word names the app.
  const firstWord = value.split(/[-_ ]/, 1)[0] ?? '';
  return firstWord !== value && SOURCES.has(firstWord) ? firstWord : undefined;
}

/**
 * GA4's paid rule `^(.*cp.*|ppc|retargeting|paid.*)$` plus its Display list, as substring tests:
 * the `.*cp.*` regex is quadratic on a long `cpcpcp…` value (issue 13, finding 8).
 */
function isPaidMedium(medium: string): boolean {
  if (LINE_TERMINATOR.test(medium)) return false;
  return medium.includes('cp') || medium.startsWith('paid') || PAID_MEDIUM_WORD.test(medium);
}

function darkMediumChannel(medium: string): Medium | undefined {
  if (EMAIL_MEDIUM.test(medium)) return 'email';
  if (SMS_MEDIUM.test(medium)) return 'sms';
  if (MESSAGING_MEDIUM.test(medium)) return 'messaging';
  if (QR_MEDIUM.test(medium)) return 'qr';
  if (COPY_MEDIUM.test(medium)) return 'copy-paste';
  return undefined;
}

/** The source a dark medium falls back to when `utm_source` names nothing we know. */
const DARK_MEDIUM_SOURCE: Partial<Record<Medium, string>> = { email: 'email', sms: 'sms', qr: 'qr' };

/**
 * What `utm_source`/`utm_medium` say, when they name a known source or medium
 * (DESIGN.md §3: `utm_medium=email` → email, `sms` → sms, `utm_source=whatsapp` → WhatsApp).
 */
export function attributeCampaign(
  rawSource: string | undefined,
  rawMedium: string | undefined,
): CampaignAttribution | undefined {
  const sourceValue = rawSource?.trim().toLowerCase() ?? '';
  const medium = rawMedium?.trim().toLowerCase() ?? '';
  const known = sourceValue ? normaliseCampaignSource(sourceValue) : undefined;
  const knownInfo = known ? SOURCES.get(known) : undefined;

  if (medium && isPaidMedium(medium)) {
    return {
      channel: 'paid',
      medium: DISPLAY_MEDIUM.test(medium) ? 'display' : 'cpc',
      source: known ?? (sourceValue || 'paid'),
    };
  }
  const darkMedium = medium ? darkMediumChannel(medium) : undefined;
  if (darkMedium) {
    const keepsSource = knownInfo?.channel === 'dark-social' && knownInfo.medium === darkMedium;
    const fallback = DARK_MEDIUM_SOURCE[darkMedium] ?? known ?? 'direct';
    return { channel: 'dark-social', medium: darkMedium, source: keepsSource && known ? known : fallback };
  }
  if (known && knownInfo) return { channel: knownInfo.channel, medium: knownInfo.medium, source: known };
  if (medium && SOCIAL_MEDIUM.test(medium) && sourceValue) {
    return { channel: 'social', medium: 'social', source: sourceValue };
  }
  if (medium && ORGANIC_MEDIUM.test(medium) && sourceValue) {
    return { channel: 'search', medium: 'organic', source: sourceValue };
  }
  // Assistants tag the links they cite with their host (`utm_source=chatgpt.com`).
  if (HOST_LIKE.test(sourceValue))
    return { channel: 'referral', medium: 'referral', source: `referral:${sourceValue}` };
  return undefined;
}

export interface ClickIdAttribution extends CampaignAttribution {
  paid: boolean;
}

/**
 * Click identifiers appended by ad platforms (paid) and by Meta to every outbound link
 * (`fbclid`, not paid: Facebook, Instagram and Messenger all add it). Vendor docs: Google Ads
 * auto-tagging (gclid, gbraid, wbraid, dclid), Microsoft Advertising (msclkid), TikTok (ttclid),
 * LinkedIn (li_fat_id), X (twclid), Snapchat (ScCid), Pinterest (epik), Yandex Direct (yclid).
 */
const CLICK_IDS: ReadonlyMap<string, ClickIdAttribution> = new Map([
  ['gclid', { channel: 'paid', medium: 'cpc', source: 'google', paid: true }],
  ['gbraid', { channel: 'paid', medium: 'cpc', source: 'google', paid: true }],
  ['wbraid', { channel: 'paid', medium: 'cpc', source: 'google', paid: true }],
  ['gad_source', { channel: 'paid', medium: 'cpc', source: 'google', paid: true }],
  ['dclid', { channel: 'paid', medium: 'display', source: 'google', paid: true }],
  ['msclkid', { channel: 'paid', medium: 'cpc', source: 'bing', paid: true }],
  ['ttclid', { channel: 'paid', medium: 'cpc', source: 'tiktok', paid: true }],
  ['li_fat_id', { channel: 'paid', medium: 'cpc', source: 'linkedin', paid: true }],
  ['twclid', { channel: 'paid', medium: 'cpc', source: 'x', paid: true }],
  ['sccid', { channel: 'paid', medium: 'cpc', source: 'snapchat', paid: true }],
  ['epik', { channel: 'paid', medium: 'cpc', source: 'pinterest', paid: true }],
  ['yclid', { channel: 'paid', medium: 'cpc', source: 'yandex', paid: true }],
  ['rdt_cid', { channel: 'paid', medium: 'cpc', source: 'reddit', paid: true }],
  ['fbclid', { channel: 'social', medium: 'social', source: 'facebook', paid: false }],
  ['igshid', { channel: 'social', medium: 'social', source: 'instagram', paid: false }],
  ['igsh', { channel: 'social', medium: 'social', source: 'instagram', paid: false }],
]);

/** The first click identifier present among the landing URL's parameter names. */
export function attributeClickId(parameterNames: Iterable<string>): ClickIdAttribution | undefined {
  let organic: ClickIdAttribution | undefined;
  for (const name of parameterNames) {
    const found = CLICK_IDS.get(name.toLowerCase());
    if (found?.paid) return found;
    organic ??= found;
  }
  return organic;
}
