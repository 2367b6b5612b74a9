import { escapeHtml } from '../links/escape-html.js';
import { metaName, renderHtmlDocument } from '../links/html-document.js';
import type { PrivacyMode, Site } from '../store/store.js';
import { isSiteHost } from './site-hosts.js';

export type OptOutLang = 'en' | 'fr';

/** The fragments the snippet acts on (docs/tracking-protocol.md, "Opting out"). */
export const OPT_OUT_FRAGMENT = '#penumbra-opt-out';

export interface OptOutPageInput {
  site: Pick<Site, 'domain' | 'extraOrigins' | 'privacyMode' | 'respectDnt'>;
  lang: OptOutLang;
  /** The `return` parameter: where to send the visitor back, if it is one of the site's pages. */
  returnUrl: string | undefined;
  /** This page's own path and query without `lang`, for the link to the other language. */
  selfQuery: string;
}

interface PageText {
  title: (domain: string) => string;
  intro: (domain: string) => string;
  measured: string;
  modes: Record<PrivacyMode, string>;
  dnt: string;
  choice: (domain: string) => string;
  optOut: string;
  otherLanguage: string;
  unknownTitle: string;
  unknownText: string;
}

const TEXT: Readonly<Record<OptOutLang, PageText>> = {
  en: {
    title: (domain) => `Audience measurement on ${domain}`,
    intro: (domain) => `${domain} measures its audience with Penumbra, a privacy-first analytics tool.`,
    measured:
      'Each page view records the page’s address (without personal parameters), how you arrived ' +
      '(for example a search engine, a messaging app or a newsletter), the kind of device (mobile, ' +
      'tablet or desktop) and the country, when known. No cookie is set and no profile is built: ' +
      'your IP address and your browser’s identifier (user agent) are used in memory only, to count the ' +
      'day’s unique visitors with an identifier that changes every day, and are never stored.',
    modes: {
      anonymous:
        'A shared link may carry a share token (#pn=…) that shows how a page spreads; it names a ' +
        'share, never a person.',
      consented:
        'If you accept it in the site’s consent banner, each page view also gets a random share ' +
        'identifier, so that anonymous share cascades can be drawn; without your consent, none is kept.',
      strict:
        'Only the name of the site you came from is kept; campaign parameters are dropped and the ' +
        'figures in its reports are rounded.',
    },
    dnt: 'Your browser’s Do Not Track or Global Privacy Control signal is honoured: when it is on, nothing is measured on the site’s pages.',
    choice: (domain) =>
      `You can object to this measurement. The link below takes you back to ${domain}, which then ` +
      'keeps a single flag (penumbra_ignore) in your browser’s local storage for that site; from then ' +
      'on nothing is sent. The choice applies to this browser and to that address of the site only. ' +
      'To be measured again, clear the site’s data in your browser, or use the site’s own privacy ' +
      'settings if it offers them: no link can undo your choice for you.',
    optOut: 'Opt out of audience measurement',
    otherLanguage: 'Français',
    unknownTitle: 'Unknown site',
    unknownText: 'This address does not name a site measured here.',
  },
  fr: {
    title: (domain) => `Mesure d’audience sur ${domain}`,
    intro: (domain) =>
      `${domain} mesure son audience avec Penumbra, un outil de mesure respectueux de la vie privée.`,
    measured:
      'Chaque page vue enregistre l’adresse de la page (sans paramètres personnels), la façon dont ' +
      'vous êtes arrivé (par exemple un moteur de recherche, une messagerie ou une lettre ' +
      'd’information), le type d’appareil (mobile, tablette ou ordinateur) et le pays, s’il est connu. ' +
      'Aucun cookie n’est déposé et aucun profil n’est constitué : votre adresse IP et l’identifiant ' +
      'de votre navigateur (user agent) ne sont utilisés qu’en mémoire, à compter les visiteurs uniques du jour avec un ' +
      'identifiant qui change chaque jour, et ne sont jamais enregistrées.',
    modes: {
      anonymous:
        'Un lien partagé peut porter un jeton de partage (#pn=…) qui montre comment une page se ' +
        'diffuse ; il désigne un partage, jamais une personne.',
      consented:
        'Si vous l’acceptez dans le bandeau de consentement du site, chaque page vue reçoit aussi un ' +
        'identifiant de partage aléatoire, pour tracer des cascades de partage anonymes ; sans votre ' +
        'consentement, aucun n’est conservé.',
      strict:
        'Seul le nom du site d’où vous venez est conservé ; les paramètres de campagne sont écartés ' +
        'et les chiffres de ses rapports sont arrondis.',
    },
    dnt:
      'Le signal « Do Not Track » ou « Global Privacy Control » de votre navigateur est respecté : ' +
      's’il est activé, rien n’est mesuré.',
    choice: (domain) =>
      `Vous pouvez vous opposer à cette mesure. Le lien ci-dessous vous ramène sur ${domain}, qui ` +
      'enregistre alors un simple indicateur (penumbra_ignore) dans le stockage local de votre ' +
      'navigateur pour ce site ; dès lors, plus rien n’est envoyé. Ce choix ne vaut que pour ce ' +
      'navigateur et pour cette adresse du site. Pour être de nouveau mesuré, effacez les données du ' +
      'site dans votre navigateur, ou utilisez les réglages de confidentialité du site s’il en ' +
      'propose : aucun lien ne peut annuler votre choix à votre place.',
    optOut: 'Refuser la mesure d’audience',
    otherLanguage: 'English',
    unknownTitle: 'Site inconnu',
    unknownText: 'Cette adresse ne désigne aucun site mesuré ici.',
  },
};

/**
 * The page the visitor goes back to: `returnUrl` when it is an http(s) page of the site (its
 * domain, www. or an extra origin — never elsewhere, so the page is no open redirect), else the
 * site's home page; without its fragment, which the opt-out link replaces.
 */
export function optOutReturnPage(site: OptOutPageInput['site'], returnUrl: string | undefined): string {
  const url = returnUrl && URL.canParse(returnUrl) ? new URL(returnUrl) : undefined;
  if (url && (url.protocol === 'https:' || url.protocol === 'http:') && isSiteHost(site, url.hostname)) {
    url.hash = '';
    return url.href;
  }
  return `https://${site.domain}/`;
}

/**
 * The visitor opt-out page (issue #7; GDPR art. 21, the right to object): what the site measures
 * with Penumbra, in the site's mode, and a link back to the site that makes its snippet set
 * the opt-out flag — a flag in the site's own storage, which this origin cannot write. Every value
 * is escaped; no script and no inline style, so the HTML pages' CSP holds.
 */
export function renderOptOutPage(input: OptOutPageInput): string {
  const { site, lang } = input;
  const text = TEXT[lang];
  const page = optOutReturnPage(site, input.returnUrl);
  const other: OptOutLang = lang === 'fr' ? 'en' : 'fr';
  const paragraphs = [
    text.intro(site.domain),
    text.measured,
    text.modes[site.privacyMode],
    ...(site.respectDnt ? [text.dnt] : []),
    text.choice(site.domain),
  ];
  return renderHtmlDocument({
    lang,
    title: text.title(site.domain),
    head: [metaName('robots', 'noindex')],
    body: [
      '<main>',
      `<h1>${escapeHtml(text.title(site.domain))}</h1>`,
      ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
      '<ul>',
      `<li><a id="opt-out" href="${escapeHtml(page + OPT_OUT_FRAGMENT)}">${escapeHtml(text.optOut)}</a></li>`,
      '</ul>',
      `<p><a href="${escapeHtml(`${input.selfQuery}&lang=${other}`)}" hreflang="${other}" lang="${other}">${escapeHtml(text.otherLanguage)}</a></p>`,
      '</main>',
    ],
  });
}

/** The 404 page for a `site` that is not measured here; it repeats nothing of the request. */
export function renderUnknownSitePage(lang: OptOutLang): string {
  const text = TEXT[lang];
  return renderHtmlDocument({
    lang,
    title: text.unknownTitle,
    head: [metaName('robots', 'noindex')],
    body: [
      '<main>',
      `<h1>${escapeHtml(text.unknownTitle)}</h1>`,
      `<p>${escapeHtml(text.unknownText)}</p>`,
      '</main>',
    ],
  });
}
