import type { RecipientLanguage } from '../store/recipient-store.js';
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
  kitLine(previews: number, clicks: number, perPreview: string): string;
  rounded(step: number): string;
  open: string;
  unsubscribe: string;
  why(site: string): string;
  number(value: number): string;
}

const format = (locale: string) => (value: number) => new Intl.NumberFormat(locale).format(value);

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
    kitLine: (previews, clicks, perPreview) =>
      `${previews} previews, ${clicks} clicks, ${perPreview} clicks per preview`,
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
    kitLine: (previews, clicks, perPreview) =>
      `${previews} aperçus, ${clicks} clics, ${perPreview} clic(s) par aperçu`,
    rounded: (step) => `Les nombres sont arrondis à ${step} (mode de confidentialité strict).`,
    open: 'Ouvrir le tableau de bord',
    unsubscribe: 'Se désabonner de ces bilans',
    why: (site) => `Vous recevez ce bilan car un propriétaire de ${site} sur Penumbra vous a ajouté.`,
    number: format('fr'),
  },
};

/** `0.4213` → `42 %` (French) or `42%` (English). */
export function percent(value: number | null, language: RecipientLanguage): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}
