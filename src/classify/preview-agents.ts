import { botName } from './bot-agents.js';
import { compileRules, type UaRule } from './rule-table.js';

/**
 * Link-preview fetchers: the request an app makes when someone pastes or sends a URL, to draw
 * its card. A preview is a share that happened, never a visit. Ordered most specific first,
 * because several fetchers borrow another family's token.
 * Strings: ../shared/reference/dark-social-facts.md §2.1 (sources named per rule); the table with
 * its sources, and the crawlers that are not previews, is docs/preview-fetchers.md.
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
  // Yahoo Mail link preview and proxy (device-detector bots.yml), `Yahoo:LinkExpander:Slingstone`
  // ("Yahoo! Link Preview", isbot fixtures/crawlers.yml).
  { pattern: /Yahoo Link Preview|YahooMailProxy|Yahoo:LinkExpander/, value: 'yahoomail' },
  // Google Messages (SMS and RCS on Android): `GoogleMessages`, Google's user-triggered fetchers
  // list (developers.google.com/crawling/docs/crawlers-fetchers/google-user-triggered-fetchers).
  { pattern: /GoogleMessages/, value: 'googlemessages' },
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
  // Embedly draws cards for the sites and apps that embed it: `… (compatible; Embedly/0.2; …)` (isbot).
  { pattern: /Embedly\/\d/, value: 'embedly' },
  // Discourse forums "onebox" a pasted link into a card (isbot fixtures: "Discourse Onebox").
  { pattern: /Discourse Forum Onebox|^Discourse\/\d/, value: 'discourse' },
  // Meta's share fetcher (Facebook, Messenger, Instagram); `meta-externalagent` is a crawler, not here.
  { pattern: /facebookexternalhit|^Facebot|facebookplatform|meta-externalfetcher/, value: 'facebook' },
  { pattern: /Twitterbot/, value: 'x' },
  { pattern: /LinkedInBot/, value: 'linkedin' },
  { pattern: /^Pinterest\/0\.|Pinterestbot/, value: 'pinterest' },
  { pattern: /redditbot/, value: 'reddit' },
  // VK's share button and pasted links: `Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)` (isbot).
  { pattern: /vkShare/, value: 'vk' },
  // Tumblr's post card (`Tumblr/14.0.835.186`) and XING's (`XING-contenttabreceiver/2.0`), both
  // gathered by posting links (gists Paratron/8676518, graysuit/853116f0).
  { pattern: /^Tumblr\/\d/, value: 'tumblr' },
  { pattern: /XING-contenttabreceiver/, value: 'xing' },
  // Every Mastodon server fetches its own card: `http.rb/5.1.1 (Mastodon/4.2.10; +https://…/)`.
  { pattern: /\(Mastodon\/\d/, value: 'mastodon' },
  // Bluesky's card fetcher: `… compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app …`.
  { pattern: /Bluesky Cardyb/, value: 'bluesky' },
];

const previewTable = compileRules(PREVIEW_RULES);

/**
 * What fetchers not in the table call themselves when they draw a card: `Quora Link Preview/1.0`,
 * `Bitrix link preview`, `… LinkExpander`, `… URL Preview`, `… unfurl …`. Such a fetch is a share
 * too; the app is the agent's own name (bot-agents.ts), so a new app is counted, not lost as a
 * bot. Literals only (scripts/check-redos.mjs).
 */
const PREVIEW_WORDS = /link ?preview|link ?expand|ur[il] ?preview|unfurl/i;

/** The source id of the app whose preview fetcher sent this user agent, if any. */
export function matchPreviewAgent(userAgent: string): string | undefined {
  return previewTable.match(userAgent) ?? namedPreviewAgent(userAgent);
}

function namedPreviewAgent(userAgent: string): string | undefined {
  if (!PREVIEW_WORDS.test(userAgent)) return undefined;
  const name = botName(userAgent);
  return name === 'bot' ? undefined : name;
}
