import type { Lang } from './i18n';

/**
 * What each figure means, in a sentence or two, from the definitions of docs/stats.md
 * ("Definitions" and the metrics of `POST /api/stats/query`). Shown under the key numbers and in
 * the glossary of the Overview (components/metric-help.tsx).
 */
export type HelpTopic =
  | 'dark_social'
  | 'dark_social_index'
  | 'dark_visits'
  | 'visitors'
  | 'visits'
  | 'pageviews'
  | 'ga4_direct_visits'
  | 'clicks'
  | 'previews'
  | 'bots'
  | 'clicks_per_preview'
  | 'amplification'
  | 'generation'
  | 'conversions'
  | 'kit_conversions'
  | 'conversion_rate'
  | 'revenue'
  | 'attribution';

const en: Readonly<Record<HelpTopic, string>> = {
  dark_social:
    'Links shared in private channels — WhatsApp, Messenger, Telegram, Signal, iMessage, SMS, e-mail, a copied address — which ordinary analytics file as “Direct”.',
  dark_social_index:
    'The share of visits that are dark social: dark-social visits ÷ all visits of the period, whatever the confidence (certain, likely or inferred).',
  dark_visits: 'Visits that arrived from a link shared privately (see “Dark social”).',
  visitors:
    'People, each counted once per day by an anonymous daily hash that changes every day, so nobody is followed from one day to the next. Over a period: the sum of the daily visitors.',
  visits:
    'Page views that arrive from outside the site: a page view whose channel is not internal navigation.',
  pageviews: 'Every page view recorded by the snippet or an imported log, internal navigation included.',
  ga4_direct_visits:
    'Visits that show neither a referrer nor a campaign: Google Analytics 4’s default channel grouping files them as “Direct”.',
  clicks: 'Requests of a short link by a person.',
  previews:
    'A chat app fetched the short link to draw its preview card: a share happened in that app, even if nobody clicked yet.',
  bots: 'Other robots that requested a short link; counted apart, never as people.',
  clicks_per_preview:
    'A link’s clicks ÷ that link’s previews: how often a shared link was opened. Each link of a kit is compared with itself, whichever app drew its preview (iMessage draws the previews of SMS links).',
  amplification:
    'Visits at generation 1 or more ÷ visits at generation 0: how many further visits, by copy-paste, each visit brought.',
  generation:
    'How many copy-paste hops a visit is from a visit that came without a share token (generation 0).',
  conversions:
    'Times a goal was reached: a page view of a page goal’s pages, a custom event of an event goal, a share or a copy of a share goal.',
  kit_conversions:
    'Goal conversions of the visits this kit brought: visits that landed on its target page from one of its links’ channels (WhatsApp, e-mail …), then reached a goal the same day.',
  conversion_rate:
    'Visitors who reached the goal ÷ visitors of the period, each person counted once a day. By channel: that channel’s converters ÷ that channel’s visitors.',
  revenue:
    "The sum of the amounts sent with the goal’s events (penumbra('event', name, {revenue: {amount, currency}})), per currency: amounts in different currencies are never added together.",
  attribution:
    'A conversion is credited to the channel, way of sharing and app of the visitor’s first page view of the day — the visit that brought them — not to the page where it happened. A conversion with no page view before it that day keeps its own.',
};

const fr: Readonly<Record<HelpTopic, string>> = {
  dark_social:
    'Les liens partagés dans des canaux privés — WhatsApp, Messenger, Telegram, Signal, iMessage, SMS, e-mail, une adresse copiée — que les outils d’analyse habituels classent en « Direct ».',
  dark_social_index:
    'La part des visites qui viennent du dark social : visites dark social ÷ toutes les visites de la période, quelle que soit la certitude (certain, probable ou déduit).',
  dark_visits: 'Les visites arrivées par un lien partagé en privé (voir « Dark social »).',
  visitors:
    'Des personnes, chacune comptée une fois par jour grâce à une empreinte anonyme qui change chaque jour : personne n’est suivi d’un jour à l’autre. Sur une période : la somme des visiteurs de chaque jour.',
  visits:
    'Les pages vues arrivées de l’extérieur du site : une page vue dont le canal n’est pas la navigation interne.',
  pageviews:
    'Toutes les pages vues enregistrées par le script ou un journal importé, navigation interne comprise.',
  ga4_direct_visits:
    'Les visites sans référent ni campagne : le regroupement de canaux par défaut de Google Analytics 4 les classe en « Direct ».',
  clicks: 'Les ouvertures d’un lien court par une personne.',
  previews:
    'Une application de messagerie a lu le lien court pour afficher son aperçu : un partage a eu lieu dans cette application, même si personne n’a encore cliqué.',
  bots: 'Les autres robots qui ont demandé un lien court ; comptés à part, jamais comme des personnes.',
  clicks_per_preview:
    'Les clics d’un lien ÷ les aperçus de ce lien : à quelle fréquence un lien partagé a été ouvert. Chaque lien d’un kit est comparé à lui-même, quelle que soit l’application qui a affiché son aperçu (iMessage affiche ceux des liens SMS).',
  amplification:
    'Visites de génération 1 ou plus ÷ visites de génération 0 : combien de visites supplémentaires, par copier-coller, chaque visite a amenées.',
  generation:
    'Le nombre de copier-coller qui séparent une visite d’une visite arrivée sans jeton de partage (génération 0).',
  conversions:
    'Le nombre de fois où un objectif a été atteint : une page vue d’une page de l’objectif, un événement personnalisé, un partage ou une copie selon l’objectif.',
  kit_conversions:
    'Les conversions des visites amenées par ce kit : les visites arrivées sur sa page cible depuis le canal de l’un de ses liens (WhatsApp, e-mail…), qui ont ensuite atteint un objectif le même jour.',
  conversion_rate:
    'Visiteurs qui ont atteint l’objectif ÷ visiteurs de la période, chaque personne comptée une fois par jour. Par canal : les convertis de ce canal ÷ les visiteurs de ce canal.',
  revenue:
    "La somme des montants envoyés avec les événements de l’objectif (penumbra('event', nom, {revenue: {amount, currency}})), par devise : des montants de devises différentes ne sont jamais additionnés.",
  attribution:
    'Une conversion est créditée au canal, à la manière de partager et à l’application de la première page vue du visiteur dans la journée — la visite qui l’a amené —, pas à la page où elle a lieu. Une conversion sans page vue avant elle ce jour-là garde les siens.',
};

const HELP: Readonly<Record<Lang, Readonly<Record<HelpTopic, string>>>> = { en, fr };

export function helpText(lang: Lang, topic: HelpTopic): string {
  return HELP[lang][topic];
}

/** The words around the definitions. */
const WORDS = {
  en: {
    what: 'What is this?',
    glossary: 'What the figures mean',
    darkSocial: 'Dark social',
    darkSocialIndex: 'dark social index',
    colon: ': ',
  },
  fr: {
    what: 'Qu’est-ce que c’est ?',
    glossary: 'Ce que veulent dire les chiffres',
    darkSocial: 'Dark social',
    darkSocialIndex: 'indice dark social',
    colon: ' : ',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export function helpWords(lang: Lang): (typeof WORDS)[Lang] {
  return WORDS[lang];
}
