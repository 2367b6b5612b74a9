import { compileRules, type UaRule } from './rule-table.js';

/**
 * In-app browsers: a person tapped a link inside an app, and the app's web view added its
 * own marker to the user agent. Ordered most specific first (Messenger before Facebook).
 * Markers: ../shared/reference/dark-social-facts.md §2.2, from matomo-org/device-detector
 * fixtures and shalanah/inapp-spy tests unless noted.
 */
const IN_APP_RULES: UaRule<string>[] = [
  // Messenger: `[FBAN/MessengerForiOS;…]`, Lite `[FBAN/MessengerLiteForiOS;…]`,
  // Android `[FB_IAB/Orca-Android;…]`, older `[FB_IAB/MESSENGER;…]`.
  {
    pattern: /FBAN\/Messenger|FB_IAB\/(?:Orca-Android|MESSENGER)|FBAN\/Orca|MessengerLite/,
    value: 'messenger',
  },
  // Threads' web view says `Barcelona <version>` (its project name).
  { pattern: /\bBarcelona \d/, value: 'threads' },
  { pattern: /\bInstagram \d/, value: 'instagram' },
  // Facebook: `[FBAN/FBIOS;…]`, `[FB_IAB/FB4A;…]`, Facebook Lite `FBAN/EMA`, and the newer iOS
  // web view that says only `Safari/604.1 MetaIAB Facebook` (inapp-spy tests).
  { pattern: /FBAN\/|FB_IAB\/|\bFBAV\/|\bFBIOS\b|\bFB4A\b|\bMetaIAB\b/, value: 'facebook' },
  // WhatsApp's own web view (inapp-spy 2025): `[WAiOS/2.25.31]`, `[WA4A/2.25.32.75;]`.
  { pattern: /\[WAiOS\/|\[WA4A\//, value: 'whatsapp' },
  // Telegram for Android names itself in some builds: `Telegram-Android/12.3.1 (…)`.
  { pattern: /\bTelegram-(?:Android|iOS)\/|\bTelegramBot-WebView/, value: 'telegram' },
  // LINE: Android `Line/14.12.2/IAB`, iOS `Safari Line/5.9.5`.
  { pattern: /\bLine\/\d/, value: 'line' },
  // WeChat `MicroMessenger/8.0…`; WeCom (WeChat Work) `wxwork/`.
  { pattern: /MicroMessenger\/|\bwxwork\//, value: 'wechat' },
  { pattern: /KAKAOTALK/, value: 'kakaotalk' },
  // Android Snapchat glues its token on: `Mobile Safari/537.36Snapchat10.74.6.0 (…)`.
  { pattern: /Snapchat\/?\d/, value: 'snapchat' },
  { pattern: /\bViber\/\d/, value: 'viber' },
  // Teams mobile `TeamsMobile-Android`/`-iOS`; desktop `Teams/1.3.00.362 … Electron/…`.
  { pattern: /TeamsMobile-/, value: 'teams' },
  { pattern: /\bTeams\/\d[\d.]* /, followedBy: 'Electron', value: 'teams' },
  // Slack and Discord desktop apps are Electron shells with their own token.
  { pattern: /\bSlack(?:_SSB)?\/\d[\d.]* /, followedBy: 'Electron', value: 'slack' },
  { pattern: /\bdiscord\/\d[\d.]* /, followedBy: 'Electron', value: 'discord' },
  // Zalo's web view (`Zalo iOS`, `ZaloTheme/…`), QQ (`QQ/8.9…`, not the QQ *browser* `MQQBrowser`), DingTalk.
  { pattern: /\bZalo(?:Theme|Language)?[/ ]/, value: 'zalo' },
  { pattern: /(?:^|\s)QQ\/\d/, value: 'qq' },
  { pattern: /\bDingTalk\//, value: 'dingtalk' },
  // E-mail apps that open links in their own view (device-detector, isbot browsers.yml).
  { pattern: /\bOutlook-(?:iOS|Android)\//, value: 'outlook' },
  { pattern: /\bAndroid-Gmail\/|\bGmail\/\d/, value: 'gmail' },
  { pattern: /YahooMobile/, followedBy: 'Mail', value: 'yahoomail' },
  // Desktop Outlook fetches a clicked link itself first: `Microsoft Office/16.0 (…Microsoft Outlook 16.0…)`.
  { pattern: /Microsoft Outlook \d/, value: 'outlook' },
  // Social apps.
  { pattern: /musical_ly|BytedanceWebview|\btrill_\d|TikTok\s?\d/, value: 'tiktok' },
  { pattern: /\baweme_\d|\bDouyin/, value: 'douyin' },
  { pattern: /\[LinkedInApp\]|LinkedInApp\//, value: 'linkedin' },
  { pattern: /\[Pinterest\/(?:iOS|Android)\]|Pinterest for (?:iOS|Android)/, value: 'pinterest' },
  { pattern: /Twitter for (?:iPhone|iPad|Android)|TwitterAndroid|\bTwitter\/\d/, value: 'x' },
  { pattern: /\bReddit\/Version|\bRedditAndroid|\bReddit\/\d/, value: 'reddit' },
  { pattern: /com\.google\.ios\.youtube|\bYouTube\/\d/, value: 'youtube' },
  { pattern: /__weibo__|\bWeibo\s?\(/, value: 'weibo' },
  // The Google app (`GSA/334.0…`) opens search results and Discover stories.
  { pattern: /\bGSA\/\d/, value: 'google' },
  // NAVER app (`NAVER(inapp; search; …)`).
  { pattern: /NAVER\(inapp/, value: 'naver' },
];

const inAppTable = compileRules(IN_APP_RULES);

/** Page globals that only one app's web view defines (inapp-spy src/detectTelegram.ts). */
const GLOBAL_MARKERS: ReadonlyMap<string, string> = new Map([
  ['TelegramWebview', 'telegram'],
  ['TelegramWebviewProxy', 'telegram'],
  ['TelegramWebviewProxyProto', 'telegram'],
]);

/** The source id of the app whose in-app browser sent this user agent, if any. */
export function matchInAppBrowser(userAgent: string): string | undefined {
  return inAppTable.match(userAgent);
}

/** The app named by in-page globals the tracker saw, if any. */
export function matchInAppGlobals(globals: readonly string[] | undefined): string | undefined {
  if (!globals) return undefined;
  for (const name of globals) {
    const source = GLOBAL_MARKERS.get(name);
    if (source) return source;
  }
  return undefined;
}
