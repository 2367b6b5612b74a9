import { hostKey, lookupDomain } from './host-key.js';

/**
 * Referring domains → source id. Each entry covers its subdomains; brand entries with `*`
 * cover every country domain (see host-key.ts). The value `referral` marks hosts of a known
 * brand that are not its search or chat product (docs.google.com is not Google Search).
 * Sources: snowplow-referer-parser referers.yml (email, social sections), GA4's source
 * categories (Velir/dbt-ga4 seeds/ga4_source_categories.csv), dark-social-facts.md §2.3–3.3,
 * and each vendor's own domains.
 */
const REFERRER_DOMAINS: ReadonlyMap<string, string> = new Map([
  // Webmail (referers.yml `email:`; outlook.office.com added ourselves, facts §3.1).
  ['mail.google.*', 'gmail'],
  ['inbox.google.*', 'gmail'],
  ['mail.live.com', 'outlook'],
  ['outlook.live.com', 'outlook'],
  ['outlook.office.com', 'outlook'],
  ['outlook.office365.com', 'outlook'],
  ['outlook.cloud.microsoft', 'outlook'],
  ['mail.yahoo.*', 'yahoomail'],
  ['mail.proton.me', 'protonmail'],
  ['mail.protonmail.com', 'protonmail'],
  ['mail.aol.com', 'email'],
  ['mail.yandex.*', 'email'],
  ['e.mail.ru', 'email'],
  ['touch.mail.ru', 'email'],
  ['octavius.mail.ru', 'email'],
  ['mail.qq.com', 'email'],
  ['exmail.qq.com', 'email'],
  ['mail.naver.*', 'email'],
  ['mail.daum.*', 'email'],
  ['email.seznam.*', 'email'],
  // GMX's portal is its webmail (navigator.gmx.net, lightmailer-bs.gmx.net …); web.de shares its stack.
  ['gmx.*', 'email'],
  ['3c.web.de', 'email'],
  ['navigator.web.de', 'email'],
  ['navigator-bs.web.de', 'email'],
  ['messagerie.orange.fr', 'email'],
  ['app.tuta.com', 'email'],
  ['app.fastmail.com', 'email'],
  // mail.com is only a mail provider: every one of its hosts is webmail (lightmailer, 3c-lxa …).
  ['mail.com', 'email'],
  // Web chat clients and chat link redirectors (referers.yml `social:`, GA4 list, vendors).
  ['web.whatsapp.com', 'whatsapp'],
  ['whatsapp.com', 'whatsapp'],
  ['wa.me', 'whatsapp'],
  // WhatsApp's link redirector for messages from businesses.
  ['l.wl.co', 'whatsapp'],
  ['web.telegram.org', 'telegram'],
  ['telegram.org', 'telegram'],
  ['t.me', 'telegram'],
  ['slack.com', 'slack'],
  ['slack-redir.net', 'slack'],
  ['discord.com', 'discord'],
  ['discordapp.com', 'discord'],
  ['teams.microsoft.com', 'teams'],
  ['teams.live.com', 'teams'],
  ['teams.cloud.microsoft', 'teams'],
  ['teams.cdn.office.net', 'teams'],
  ['web.skype.com', 'skype'],
  ['messenger.com', 'messenger'],
  ['chat.google.*', 'googlechat'],
  ['line.me', 'line'],
  ['wx.qq.com', 'wechat'],
  ['weixin.qq.com', 'wechat'],
  ['web.wechat.com', 'wechat'],
  ['chat.zalo.me', 'zalo'],
  ['zalo.me', 'zalo'],
  ['snapchat.com', 'snapchat'],
  ['app.element.io', 'matrix'],
  ['matrix.to', 'matrix'],
  ['signal.me', 'signal'],
  // Social networks and their link shims (l.facebook.com, lm.facebook.com, t.co, lnkd.in …).
  ['facebook.com', 'facebook'],
  ['fb.com', 'facebook'],
  ['fb.me', 'facebook'],
  ['fb.watch', 'facebook'],
  ['instagram.com', 'instagram'],
  ['threads.net', 'threads'],
  ['threads.com', 'threads'],
  ['t.co', 'x'],
  ['twitter.com', 'x'],
  ['x.com', 'x'],
  ['linkedin.*', 'linkedin'],
  ['lnkd.in', 'linkedin'],
  ['reddit.*', 'reddit'],
  ['redd.it', 'reddit'],
  ['pinterest.*', 'pinterest'],
  ['pin.it', 'pinterest'],
  ['tiktok.*', 'tiktok'],
  ['douyin.com', 'douyin'],
  ['youtube.*', 'youtube'],
  ['youtu.be', 'youtube'],
  ['bsky.app', 'bluesky'],
  ['bsky.social', 'bluesky'],
  ['mastodon.social', 'mastodon'],
  ['mastodon.online', 'mastodon'],
  ['mstdn.social', 'mastodon'],
  ['mas.to', 'mastodon'],
  ['fosstodon.org', 'mastodon'],
  ['tumblr.com', 'tumblr'],
  ['vk.com', 'vk'],
  ['vk.ru', 'vk'],
  ['ok.ru', 'ok'],
  ['weibo.com', 'weibo'],
  ['weibo.cn', 'weibo'],
  ['quora.com', 'quora'],
  ['news.ycombinator.com', 'hackernews'],
  ['flipboard.com', 'flipboard'],
  ['xing.com', 'xing'],
  ['twitch.tv', 'twitch'],
  // Search engines, on every country domain where the brand uses one.
  ['google.*', 'google'],
  ['bing.*', 'bing'],
  ['duckduckgo.com', 'duckduckgo'],
  ['duck.com', 'duckduckgo'],
  ['yahoo.*', 'yahoo'],
  ['yandex.*', 'yandex'],
  ['ya.ru', 'yandex'],
  ['baidu.*', 'baidu'],
  ['ecosia.*', 'ecosia'],
  ['qwant.*', 'qwant'],
  ['search.brave.com', 'brave'],
  ['naver.*', 'naver'],
  ['seznam.*', 'seznam'],
  ['startpage.*', 'startpage'],
  ['ask.*', 'ask'],
  ['search.aol.com', 'aol'],
  ['sogou.com', 'sogou'],
  ['so.com', 'so360'],
  ['daum.*', 'daum'],
  ['kagi.com', 'kagi'],
  ['mojeek.com', 'mojeek'],
  ['yep.com', 'yep'],
  ['petalsearch.com', 'petal'],
  ['coccoc.com', 'coccoc'],
  ['search.lilo.org', 'lilo'],
  // Products of search brands that are not search: their links are ordinary referrals.
  ['docs.google.*', 'referral'],
  ['drive.google.*', 'referral'],
  ['sites.google.*', 'referral'],
  ['groups.google.*', 'referral'],
  ['translate.google.*', 'referral'],
  ['accounts.google.*', 'referral'],
  ['gemini.google.*', 'referral'],
  ['bard.google.*', 'referral'],
  ['classroom.google.*', 'referral'],
  ['calendar.google.*', 'referral'],
  ['play.google.*', 'referral'],
  ['news.yahoo.*', 'referral'],
  ['finance.yahoo.*', 'referral'],
  ['sports.yahoo.*', 'referral'],
  ['copilot.microsoft.com', 'referral'],
]);

/**
 * Ad-serving hosts: a visit they refer was an ad click (referer-parser's referer-tests.json
 * files `tdsf.doubleclick.net` and `pagead2.googlesyndication.com` under paid/Google).
 */
const PAID_REFERRER_DOMAINS: ReadonlyMap<string, string> = new Map([
  ['doubleclick.net', 'google'],
  ['googlesyndication.com', 'google'],
  ['googleadservices.com', 'google'],
  ['bat.bing.com', 'bing'],
  ['ads.linkedin.com', 'linkedin'],
]);

/** The ad network behind a referring ad-serving host, if it is one. */
export function paidSourceForHost(host: string): string | undefined {
  return lookupDomain(PAID_REFERRER_DOMAINS, host);
}

/** GMX/web.de "deref" redirectors (`deref-gmx.net`, `deref-web.de`, `deref-mail.com`). */
const DEREF_HOST = /^deref-[\w-]+\./;

/** Words that name a mail front end when they are part of a subdomain label. */
const MAIL_LABEL = /mail|posta|correo|courrier/;

/** Second-level labels of country suffixes (`co.uk`, `com.br`, `ne.jp`): part of the suffix. */
const SUFFIX_SECOND_LEVEL = new Set([
  'co',
  'com',
  'net',
  'org',
  'ac',
  'gov',
  'edu',
  'ne',
  'or',
  'go',
  'gob',
  'ltd',
  'plc',
]);

/**
 * The labels left of a host's own name: `mailbusiness` in `mailbusiness.ionos.de`, `3c-lxa` in
 * `3c-lxa.mail.com`, `email` in `email.ionos.co.uk`.
 */
function subdomainLabels(host: string): string[] {
  const labels = host.split('.');
  const secondLevel = labels.length >= 3 && SUFFIX_SECOND_LEVEL.has(labels[labels.length - 2] ?? '');
  return labels.slice(0, labels.length - (secondLevel ? 3 : 2));
}

/**
 * Webmail no list can enumerate: a subdomain label that speaks of mail (`webmail.`, `wmail.`,
 * `upcmail.`, `lightmailer-bs.`, `mailbusiness.` — a company's Outlook Web Access or Roundcube,
 * a provider's front end), or a GMX/web.de webmail node (`3c-bap.web.de`). Only labels left of the
 * site's own name count, so `dailymail.co.uk` stays a newspaper (referer-tests.json's email hosts).
 */
function looksLikeWebmailHost(host: string): boolean {
  if (DEREF_HOST.test(host)) return true;
  return subdomainLabels(host).some((label) => MAIL_LABEL.test(label) || /^3c(?:-|$)/.test(label));
}

/** Portals that serve webmail under a path (`orange.fr/webmail/…`, `bluewin.ch/…/applink/mail/…`). */
const EMAIL_PATH_SHAPE = /\/(?:web)?mail(?:\/|$)/i;

/** Mastodon and other fediverse servers often say what they run in their name. */
const FEDIVERSE_HOST_SHAPE = /(?:^|\.)(?:mastodon|mstdn|toot)\.|^(?:mastodon|mstdn)[\w-]*\./;

/**
 * The source id for a referring web host (and, for webmail portals, its path), `referral`
 * for a brand's non-search product, or none.
 */
export function sourceForHost(host: string, path = ''): string | undefined {
  const known = lookupDomain(REFERRER_DOMAINS, hostKey(host));
  if (known) return known;
  if (looksLikeWebmailHost(host) || EMAIL_PATH_SHAPE.test(path)) return 'email';
  if (FEDIVERSE_HOST_SHAPE.test(host)) return 'mastodon';
  return undefined;
}

/**
 * Android app packages seen as `android-app://<package>/` referrers (Chrome exposes the
 * launching app's intent referrer; facts §2.3) and as `X-Requested-With` web-view headers.
 * Lists: referers.yml, goatcounter ref.go, device-detector regexes/client/hints/apps.yml.
 */
const ANDROID_PACKAGES: ReadonlyMap<string, string> = new Map([
  ['com.whatsapp', 'whatsapp'],
  ['com.whatsapp.w4b', 'whatsapp'],
  ['org.telegram.messenger', 'telegram'],
  ['org.telegram.messenger.web', 'telegram'],
  ['org.telegram.messenger.beta', 'telegram'],
  ['org.telegram.plus', 'telegram'],
  ['org.thunderdog.challegram', 'telegram'],
  ['org.aka.messenger', 'telegram'],
  ['org.telegram.biftogram', 'telegram'],
  ['nekox.messenger', 'telegram'],
  ['com.slack', 'slack'],
  ['com.discord', 'discord'],
  ['com.microsoft.teams', 'teams'],
  ['com.skype.raider', 'skype'],
  ['com.facebook.orca', 'messenger'],
  ['com.facebook.mlite', 'messenger'],
  ['com.viber.voip', 'viber'],
  ['jp.naver.line.android', 'line'],
  ['com.tencent.mm', 'wechat'],
  ['com.tencent.wework', 'wechat'],
  ['com.tencent.mobileqq', 'qq'],
  ['com.kakao.talk', 'kakaotalk'],
  ['com.snapchat.android', 'snapchat'],
  ['org.thoughtcrime.securesms', 'signal'],
  ['com.zing.zalo', 'zalo'],
  ['com.google.android.apps.dynamite', 'googlechat'],
  ['im.vector.app', 'matrix'],
  ['ch.threema.app', 'threema'],
  ['com.wire', 'wire'],
  ['com.alibaba.android.rimet', 'dingtalk'],
  ['com.google.android.gm', 'gmail'],
  ['com.microsoft.office.outlook', 'outlook'],
  ['com.yahoo.mobile.client.android.mail', 'yahoomail'],
  ['ch.protonmail.android', 'protonmail'],
  ['me.proton.android.mail', 'protonmail'],
  ['com.aol.mobile.aolapp', 'email'],
  ['com.samsung.android.email.provider', 'email'],
  ['com.google.android.email', 'email'],
  ['de.gmx.mobile.android.mail', 'email'],
  ['de.web.mobile.android.mail', 'email'],
  ['com.fsck.k9', 'email'],
  ['com.google.android.apps.messaging', 'sms'],
  ['com.samsung.android.messaging', 'sms'],
  ['com.android.mms', 'sms'],
  ['com.textra', 'sms'],
  ['com.facebook.katana', 'facebook'],
  ['com.facebook.lite', 'facebook'],
  ['com.instagram.android', 'instagram'],
  ['com.instagram.barcelona', 'threads'],
  ['com.twitter.android', 'x'],
  ['com.linkedin.android', 'linkedin'],
  ['com.reddit.frontpage', 'reddit'],
  ['com.pinterest', 'pinterest'],
  ['com.zhiliaoapp.musically', 'tiktok'],
  ['com.ss.android.ugc.trill', 'tiktok'],
  ['com.ss.android.ugc.aweme', 'douyin'],
  ['com.google.android.youtube', 'youtube'],
  ['xyz.blueskyweb.app', 'bluesky'],
  ['org.joinmastodon.android', 'mastodon'],
  ['com.tumblr', 'tumblr'],
  ['com.vkontakte.android', 'vk'],
  ['com.sina.weibo', 'weibo'],
  ['flipboard.app', 'flipboard'],
  ['com.google.android.googlequicksearchbox', 'google'],
  ['com.google.android.apps.searchlite', 'google'],
  ['com.microsoft.bing', 'bing'],
  ['com.duckduckgo.mobile.android', 'duckduckgo'],
  ['ru.yandex.searchplugin', 'yandex'],
  ['com.nhn.android.search', 'naver'],
  ['com.baidu.searchbox', 'baidu'],
]);

/** The source id for an Android app package, if we know the app. */
export function sourceForAndroidPackage(packageName: string): string | undefined {
  return ANDROID_PACKAGES.get(packageName.toLowerCase());
}
