/**
 * Real user-agent strings, one per kind of client the demo traffic imitates. They are only shown
 * to the classifier once, when the traffic mix is built (the generated events carry the
 * classification, never a user agent).
 */
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)';

export const SAMPLE_AGENTS = {
  desktopChrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
  iphoneSafari: `${IPHONE} Version/18.0 Mobile/15E148 Safari/604.1`,
  // In-app browsers (markers from src/classify/in-app-browsers.ts).
  messengerIos: `${IPHONE} Mobile/15E148 [FBAN/MessengerForiOS;FBAV/466.0.0.36.106;FBBV/640541457;FBDV/iPhone15,2]`,
  facebookIos: `${IPHONE} Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.38.108;FBBV/647785577;FBDV/iPhone16,1]`,
  whatsappIos: `${IPHONE} Mobile/15E148 [WAiOS/2.25.31]`,
  instagramIos: `${IPHONE} Mobile/15E148 Instagram 350.0.0.30.93 (iPhone15,2; iOS 18_0; en_US; en; scale=3.00)`,
  linkedinIos: `${IPHONE} Mobile/15E148 [LinkedInApp]/9.30.5432`,
  googleAppIos: `${IPHONE} GSA/334.0.674067880 Mobile/15E148 Safari/604.1`,
  // Link-preview fetchers (src/classify/preview-agents.ts).
  whatsappPreview: 'WhatsApp/2.23.20.0 A',
  telegramPreview: 'TelegramBot (like TwitterBot)',
  facebookPreview: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  imessagePreview:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  signalPreview: 'WhatsApp/2',
  slackPreview: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  discordPreview: 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  yahooMailPreview:
    'Mozilla/5.0 (compatible; Yahoo Link Preview; https://help.yahoo.com/kb/mail/yahoo-link-preview-SLN23615.html)',
  xPreview: 'Twitterbot/1.0',
  linkedinPreview: 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  // Bots that follow short links.
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  bingbot: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  ahrefsbot: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  gptbot:
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  curl: 'curl/8.5.0',
  pythonRequests: 'python-requests/2.31.0',
} as const;

export type SampleAgent = keyof typeof SAMPLE_AGENTS;
