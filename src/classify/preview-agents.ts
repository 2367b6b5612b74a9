import { compileRules, type UaRule } from './rule-table.js';

/**
 * Link-preview fetchers: the request an app makes when someone pastes or sends a URL, to draw
 * its card. A preview is a share that happened, never a visit. Ordered most specific first,
 * because several fetchers borrow another family's token.
 * Strings: ../shared/reference/dark-social-facts.md §2.1 (sources named per rule).
 */
const PREVIEW_RULES: UaRule<string>[] = [
  // iMessage sends the three tokens together and nothing of its own (peter.upfold.org.uk/blog/2019/02).
  { pattern: /facebookexternalhit\/1\.1 Facebot Twitterbot\/1\.0/, value: 'imessage' },
  // LINE: `facebookexternalhit/1.1;line-poker/1.0`, `Mozilla/5.0 (compatible; Line-Poker/1.0)`.
  { pattern: /line-poker/, value: 'line' },
  // KakaoTalk: `kakaotalk-scrap/1.0; +https://devtalk.kakao.com/t/scrap/33984`.
  { pattern: /kakaotalk-scrap/, value: 'kakaotalk' },
  // Signal Desktop's linkPreviewFetch.ts: `const USER_AGENT = 'WhatsApp/2';` — exactly that, no more.
  { pattern: /^WhatsApp\/2$/, value: 'signal' },
  // WhatsApp: `WhatsApp/2.21.12.21 A`, `whatsapp/784941593 cfnetwork/…` (isbot fixtures, device-detector).
  { pattern: /^WhatsApp\/\d/, value: 'whatsapp' },
  // Telegram says `like TwitterBot`, so it must precede the X rule (isbot, device-detector bots.yml).
  { pattern: /TelegramBot/, value: 'telegram' },
  // Slack unfurler and its image proxy (device-detector, uap-core test_ua.yaml).
  { pattern: /Slackbot-LinkExpanding|Slack-ImgProxy|^Slackbot \d/, value: 'slack' },
  // Discord: `Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)`.
  { pattern: /Discordbot/, value: 'discord' },
  // Skype URL preview (isbot, device-detector); Microsoft's newer unfurler serves Teams chats.
  { pattern: /SkypeUriPreview/, value: 'skype' },
  { pattern: /MicrosoftPreview\//, value: 'teams' },
  // Viber: `ViberUrlDownloader` (device-detector bots.yml).
  { pattern: /ViberUrlDownloader/, value: 'viber' },
  // Snapchat: `Snap URL Preview Service; bot; snapchat; …` (isbot, device-detector).
  { pattern: /Snap URL Preview/, value: 'snapchat' },
  // Yahoo Mail link preview and proxy (device-detector bots.yml).
  { pattern: /Yahoo Link Preview|YahooMailProxy/, value: 'yahoomail' },
  // Matrix homeservers fetch previews for Element and other clients (device-detector bots.yml).
  { pattern: /^Synapse \(bot;/, value: 'matrix' },
  // Chatwork: `Chatwork LinkPreview v1` (device-detector bots.yml).
  { pattern: /Chatwork LinkPreview/, value: 'chatwork' },
  // Zulip's and Mattermost's server-side unfurlers.
  { pattern: /ZulipURLPreview/, value: 'zulip' },
  { pattern: /Zulip\/\d/, followedBy: 'URL preview', value: 'zulip' },
  { pattern: /Mattermost-Bot/, value: 'mattermost' },
  { pattern: /Rocket\.Chat\+/, value: 'rocketchat' },
  // Iframely draws link cards inside Notion, Canva, Coda and other workspaces (isbot fixtures).
  { pattern: /^Iframely\//, value: 'iframely' },
  // Meta's share fetcher (Facebook, Messenger, Instagram); `meta-externalagent` is a crawler, not here.
  { pattern: /facebookexternalhit|^Facebot|facebookplatform|meta-externalfetcher/, value: 'facebook' },
  { pattern: /Twitterbot/, value: 'x' },
  { pattern: /LinkedInBot/, value: 'linkedin' },
  { pattern: /^Pinterest\/0\.|Pinterestbot/, value: 'pinterest' },
  { pattern: /redditbot/, value: 'reddit' },
  // Every Mastodon server fetches its own card: `http.rb/5.1.1 (Mastodon/4.2.10; +https://…/)`.
  { pattern: /\(Mastodon\/\d/, value: 'mastodon' },
  // Bluesky's card fetcher: `… compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app …`.
  { pattern: /Bluesky Cardyb/, value: 'bluesky' },
];

const previewTable = compileRules(PREVIEW_RULES);

/** The source id of the app whose preview fetcher sent this user agent, if any. */
export function matchPreviewAgent(userAgent: string): string | undefined {
  return previewTable.match(userAgent);
}
