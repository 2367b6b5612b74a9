import { agentFacts } from './agent-facts.js';
import { attributeCampaign, attributeClickId, type CampaignAttribution } from './campaigns.js';
import { MAX_HOST_LENGTH, stripWww } from './host-key.js';
import { matchInAppGlobals } from './in-app-browsers.js';
import { withinInputLimits } from './input-limits.js';
import { isLandingPath } from './landing-paths.js';
import { paidSourceForHost, sourceForAndroidPackage, sourceForHost } from './referrers.js';
import { type SourceInfo, sourceInfo, trackedSource } from './sources.js';
import type {
  Classification,
  ClassifyHints,
  ClassifyInput,
  Confidence,
  Evidence,
  ShareTokenFacts,
} from './taxonomy.js';
import { queryParams, splitUrl, type UrlParts } from './url-parts.js';

/**
 * Says what one request is — a person, a chat app drawing a link preview, or a bot — and
 * through which channel and source it came. Pure and table-driven; the precedence is the
 * fixed contract of DESIGN.md §3: the first rule that applies wins.
 */
export function classify(request: ClassifyInput): Classification {
  const input = withinInputLimits(request);
  const agent = agentFacts(input.userAgent ?? '');
  if (agent.previewSource) return preview(agent.previewSource);
  const inAppSource = agent.inAppSource ?? inAppSourceFromHints(input.hints);
  if (agent.isBot && !inAppSource) return bot(agent.botName ?? 'bot');
  return classifyPerson(input, inAppSource);
}

/**
 * `classify` for the facts a client sends (`POST /api/classify`, `penumbra classify`), where the
 * user agent is optional (issue 16: without one, every request was a bot). An absent (or null)
 * `userAgent` means "not known": the request is classified as a person from its URL, referrer and
 * hints, with no bot or link-preview check. An empty string is a request that sent no
 * User-Agent header, which only bots do: `classify` calls it a bot, as for the event endpoint.
 */
export function classifyFacts(request: ClassifyInput): Classification {
  if (request.userAgent !== undefined && request.userAgent !== null) return classify(request);
  const input = withinInputLimits(request);
  return classifyPerson(input, inAppSourceFromHints(input.hints));
}

function preview(source: string): Classification {
  const info = sourceInfo(source) ?? { channel: 'dark-social', medium: 'messaging' };
  return { kind: 'preview', ...info, source, evidence: 'preview-agent', confidence: 'certain' };
}

function bot(name: string): Classification {
  return {
    kind: 'bot',
    channel: 'bot',
    medium: 'bot',
    source: name,
    evidence: 'bot-agent',
    confidence: 'certain',
  };
}

function person(
  source: string,
  info: SourceInfo,
  evidence: Evidence,
  confidence: Confidence,
): Classification {
  return { kind: 'human', channel: info.channel, medium: info.medium, source, evidence, confidence };
}

function fromAttribution(found: CampaignAttribution, evidence: Evidence, confidence: Confidence) {
  return person(found.source, found, evidence, confidence);
}

/** The tracker's in-page globals and the Android `X-Requested-With` package, when the UA says nothing. */
function inAppSourceFromHints(hints: ClassifyHints | undefined): string | undefined {
  if (!hints) return undefined;
  return (
    matchInAppGlobals(hints.globals) ??
    (hints.requestedWith ? sourceForAndroidPackage(hints.requestedWith) : undefined)
  );
}

function classifyPerson(input: ClassifyInput, inAppSource: string | undefined): Classification {
  const landing = splitUrl(input.url);
  const params = queryParams(landing.query);
  return (
    fromTrackedChannel(input.trackedChannel) ??
    fromShareToken(input.shareToken, inAppSource, input.referrer) ??
    fromCampaign(params) ??
    fromPaidClickId(params) ??
    fromInAppBrowser(inAppSource) ??
    fromReferrer(input.referrer, landing.host) ??
    fromOrganicClickId(params) ??
    fromLandingPage(landing, input.landingPaths)
  );
}

function fromTrackedChannel(channel: string | undefined): Classification | undefined {
  const tracked = channel ? trackedSource(channel.toLowerCase()) : undefined;
  return tracked && person(tracked.source, tracked.info, 'tracked-link', 'certain');
}

/**
 * A visit carrying a share token arrived by copy-paste (AddThis' address-bar sharing,
 * facts §1.1). A token minted by a share button names its app; otherwise the app the
 * link was opened in, when it is a private one, says where the paste happened.
 */
function fromShareToken(
  token: string | ShareTokenFacts | undefined,
  inAppSource: string | undefined,
  referrer: string | undefined,
): Classification | undefined {
  if (token === undefined || token === '') return undefined;
  const buttonChannel = typeof token === 'object' ? token.channel : undefined;
  const tracked = buttonChannel ? trackedSource(buttonChannel.toLowerCase()) : undefined;
  if (tracked) return person(tracked.source, tracked.info, 'share-token', 'certain');
  const pastedIn = inAppSource ?? appReferrerSource(referrer);
  const app = pastedIn && sourceInfo(pastedIn)?.channel === 'dark-social' ? pastedIn : 'direct';
  return person(app, { channel: 'dark-social', medium: 'copy-paste' }, 'share-token', 'certain');
}

function fromCampaign(params: Map<string, string>): Classification | undefined {
  const found = attributeCampaign(params.get('utm_source'), params.get('utm_medium'));
  return found && fromAttribution(found, 'utm', 'likely');
}

function fromPaidClickId(params: Map<string, string>): Classification | undefined {
  const found = params.size > 0 ? attributeClickId(params.keys()) : undefined;
  return found?.paid ? fromAttribution(found, 'click-id', 'certain') : undefined;
}

function fromOrganicClickId(params: Map<string, string>): Classification | undefined {
  const found = params.size > 0 ? attributeClickId(params.keys()) : undefined;
  return found && !found.paid ? fromAttribution(found, 'click-id', 'likely') : undefined;
}

function fromInAppBrowser(source: string | undefined): Classification | undefined {
  const info = source ? sourceInfo(source) : undefined;
  return source && info ? person(source, info, 'in-app-browser', 'certain') : undefined;
}

const EMPTY_REFERRERS = new Set(['', '-', 'null', 'about:blank', '(none)', '(direct)']);
// A longer "host" (or app package) than a DNS name's MAX_HOST_LENGTH is no referrer, and is not
// stored as `referral:<host>` either (issue 13, findings 8 and 9).
const ANDROID_APP = 'android-app://';

function appReferrerSource(referrer: string | undefined): string | undefined {
  if (!referrer?.startsWith(ANDROID_APP)) return undefined;
  return sourceForAndroidPackage(androidPackage(referrer));
}

/** `android-app://com.whatsapp/` → `com.whatsapp` (Chrome adds the slash since v81, facts §2.3). */
function androidPackage(referrer: string): string {
  const rest = referrer.slice(ANDROID_APP.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

function fromReferrer(rawReferrer: string | undefined, landingHost: string): Classification | undefined {
  const referrer = rawReferrer?.trim() ?? '';
  if (EMPTY_REFERRERS.has(referrer)) return undefined;
  if (referrer.startsWith(ANDROID_APP)) return fromAndroidApp(androidPackage(referrer));
  const { host, path } = referrerParts(referrer);
  if (!host || host.length > MAX_HOST_LENGTH) return undefined;
  if (landingHost && stripWww(host) === stripWww(landingHost)) {
    return person(`referral:${host}`, { channel: 'internal', medium: 'internal' }, 'referrer', 'certain');
  }
  const paidBy = paidSourceForHost(host);
  if (paidBy) return person(paidBy, { channel: 'paid', medium: 'cpc' }, 'referrer', 'certain');
  // Some clients send the app's package as a host (`https://com.google.android.gm/`,
  // referers.yml lists such "domains"): an app we know is that app.
  const source = sourceForHost(host, path) ?? sourceForAndroidPackage(host);
  const info = source ? sourceInfo(source) : undefined;
  if (source && info) return person(source, info, 'referrer', 'certain');
  return person(`referral:${host}`, { channel: 'referral', medium: 'referral' }, 'referrer', 'certain');
}

function fromAndroidApp(packageName: string): Classification | undefined {
  if (!packageName || packageName.length > MAX_HOST_LENGTH) return undefined;
  const source = sourceForAndroidPackage(packageName);
  const info = source ? sourceInfo(source) : undefined;
  if (source && info) return person(source, info, 'app-referrer', 'certain');
  return person(
    `referral:${packageName.toLowerCase()}`,
    { channel: 'referral', medium: 'referral' },
    'app-referrer',
    'certain',
  );
}

/** The referrer's host and path; a bare `www.example.com/page` (as some logs record it) counts too. */
function referrerParts(referrer: string): UrlParts {
  if (referrer.includes('://')) return splitUrl(referrer);
  return /^[\w.-]+\.[a-z]{2,}(?=[/:]|$)/i.test(referrer) ? splitUrl(`http://${referrer}`) : splitUrl('');
}

/**
 * No referrer: a landing page (home, section) was likely typed or bookmarked — direct; a deep
 * URL nobody types arrived through a private channel that strips the referrer (Chartbeat's
 * "direct social" heuristic, facts §4).
 */
function fromLandingPage(landing: UrlParts, landingPaths: readonly string[] | undefined): Classification {
  if (isLandingPath(landing.path, landingPaths)) {
    return person('direct', { channel: 'direct', medium: 'none' }, 'none', 'likely');
  }
  return person('direct', { channel: 'dark-social', medium: 'unattributed' }, 'deep-link', 'inferred');
}
