import { sourceLabel } from '../alerts/alert-strings.js';
import type { RecipientLanguage } from '../store/recipient-store.js';
import type { DigestGoal } from './digest.js';
import type { PeriodKind } from './report-period.js';

/** The digest's words in each language a recipient can choose (issue 14: French and English). */
export interface DigestStrings {
  subject(kind: PeriodKind, site: string, from: string, to: string): string;
  heading(kind: PeriodKind): string;
  index: string;
  indexLine(share: string, dark: number, visits: number): string;
  trend(points: number | null): string;
  noVisits: string;
  articles: string;
  noArticles: string;
  articleLine(dark: number, apps: string): string;
  kits: string;
  noKits: string;
  kitLine(previews: number, clicks: number, perPreview: string, conversions: number | null): string;
  goals: string;
  noGoals: string;
  /** `rate` and `revenue` already formatted ('' when none). */
  goalLine(conversions: number, converters: number, rate: string, revenue: string): string;
  byChannel: string;
  /** A channel's label in the goal lines (the dashboard's words). */
  channel(channel: string): string;
  money(amount: number, currency: string): string;
  rounded(step: number): string;
  open: string;
  unsubscribe: string;
  why(site: string): string;
  number(value: number): string;
}

const format = (locale: string) => (value: number) => new Intl.NumberFormat(locale).format(value);

/** An amount in its own currency (sums are never converted): `€9.99`, `9,99 €`. */
const money = (locale: string) => (amount: number, currency: string) => {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${format(locale)(amount)} ${currency}`;
  }
};

/** The channels' names (docs/classification.md), as the dashboard shows them. */
const CHANNELS: Record<RecipientLanguage, Record<string, string>> = {
  en: {
    'dark-social': 'dark social',
    social: 'social',
    search: 'search',
    paid: 'paid',
    referral: 'referral',
    direct: 'direct',
    internal: 'internal',
  },
  fr: {
    'dark-social': 'dark social',
    social: 'réseaux sociaux',
    search: 'recherche',
    paid: 'payant',
    referral: 'sites référents',
    direct: 'direct',
    internal: 'interne',
  },
};

export const DIGEST_STRINGS: Readonly<Record<RecipientLanguage, DigestStrings>> = {
  en: {
    subject: (kind, site, from, to) =>
      `${kind === 'weekly' ? 'Weekly' : 'Monthly'} dark social digest for ${site}, ${from} – ${to}`,
    heading: (kind) => (kind === 'weekly' ? 'Your week in dark social' : 'Your month in dark social'),
    index: 'Dark social index',
    indexLine: (share, dark, visits) =>
      `${share} of visits came through private sharing (${dark} of ${visits}).`,
    trend: (points) =>
      points === null
        ? 'No comparison with the period before.'
        : `${points >= 0 ? '+' : '−'}${Math.abs(points)} points against the period before.`,
    noVisits: 'No visits in this period.',
    articles: 'Top articles spreading privately',
    noArticles: 'No article was shared privately in this period.',
    articleLine: (dark, apps) => `${dark} dark-social visits${apps ? `, mostly from ${apps}` : ''}`,
    kits: 'Share kits that worked',
    noKits: 'No share kit was previewed or clicked in this period.',
    kitLine: (previews, clicks, perPreview, conversions) =>
      `${previews} previews, ${clicks} clicks, ${perPreview} clicks per preview${conversions === null ? '' : `, ${conversions} conversions`}`,
    goals: 'Goals by channel',
    noGoals: 'No goal was reached in this period.',
    goalLine: (conversions, converters, rate, revenue) =>
      `${conversions} conversions by ${converters} visitors (${rate} of visitors)${revenue ? `, ${revenue}` : ''}`,
    byChannel: 'by channel',
    channel: (channel) => CHANNELS.en[channel] ?? channel,
    money: money('en'),
    rounded: (step) => `Counts are rounded to ${step} (strict privacy mode).`,
    open: 'Open the dashboard',
    unsubscribe: 'Unsubscribe from these digests',
    why: (site) => `You receive this digest because an owner of ${site} on Penumbra added you.`,
    number: format('en'),
  },
  fr: {
    subject: (kind, site, from, to) =>
      `Bilan ${kind === 'weekly' ? 'hebdomadaire' : 'mensuel'} du dark social pour ${site}, du ${from} au ${to}`,
    heading: (kind) => (kind === 'weekly' ? 'Votre semaine en dark social' : 'Votre mois en dark social'),
    index: 'Indice dark social',
    indexLine: (share, dark, visits) =>
      `${share} des visites sont venues d’un partage privé (${dark} sur ${visits}).`,
    trend: (points) =>
      points === null
        ? 'Pas de comparaison avec la période précédente.'
        : `${points >= 0 ? '+' : '−'}${String(Math.abs(points)).replace('.', ',')} points par rapport à la période précédente.`,
    noVisits: 'Aucune visite sur cette période.',
    articles: 'Articles les plus partagés en privé',
    noArticles: 'Aucun article n’a été partagé en privé sur cette période.',
    articleLine: (dark, apps) => `${dark} visites dark social${apps ? `, surtout depuis ${apps}` : ''}`,
    kits: 'Kits de partage qui ont marché',
    noKits: 'Aucun kit de partage n’a été prévisualisé ni cliqué sur cette période.',
    kitLine: (previews, clicks, perPreview, conversions) =>
      `${previews} aperçus, ${clicks} clics, ${perPreview} clic(s) par aperçu${conversions === null ? '' : `, ${conversions} conversion(s)`}`,
    goals: 'Objectifs par canal',
    noGoals: 'Aucun objectif atteint sur cette période.',
    goalLine: (conversions, converters, rate, revenue) =>
      `${conversions} conversion(s) par ${converters} visiteur(s) (${rate} des visiteurs)${revenue ? `, ${revenue}` : ''}`,
    byChannel: 'par canal',
    channel: (channel) => CHANNELS.fr[channel] ?? channel,
    money: money('fr'),
    rounded: (step) => `Les nombres sont arrondis à ${step} (mode de confidentialité strict).`,
    open: 'Ouvrir le tableau de bord',
    unsubscribe: 'Se désabonner de ces bilans',
    why: (site) => `Vous recevez ce bilan car un propriétaire de ${site} sur Penumbra vous a ajouté.`,
    number: format('fr'),
  },
};

/** One goal's line: its figures, then its channels, dark social with the apps behind it. */
export function goalDetail(goal: DigestGoal, language: RecipientLanguage): string {
  const t = DIGEST_STRINGS[language];
  const revenue = goal.revenue.map((r) => t.money(r.amount, r.currency)).join(', ');
  const channels = goal.byChannel
    .map((entry) => {
      const apps = entry.apps
        ?.map((app) => `${sourceLabel(app.source, language)} ${app.conversions}`)
        .join(', ');
      return `${t.channel(entry.channel)} ${entry.conversions}${apps ? ` (${apps})` : ''}`;
    })
    .join(', ');
  const colon = language === 'fr' ? '\u00a0:' : ':';
  return `${t.goalLine(goal.conversions, goal.converters, percent(goal.conversionRate, language), revenue)}; ${t.byChannel}${colon} ${channels}`;
}

/** `0.4213` → `42 %` (French) or `42%` (English). */
export function percent(value: number | null, language: RecipientLanguage): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}
