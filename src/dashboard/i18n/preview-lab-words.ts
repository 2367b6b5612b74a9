import type { Lang } from './i18n';

/**
 * The words of the Preview lab page and its cards, in both languages. The warnings and their fixes
 * come from the server already in both (src/previews/warning-text.ts).
 */
export interface PreviewLabWords {
  title: string;
  intro: string;
  url: string;
  urlHint: string;
  check: string;
  checking: string;
  theme: string;
  light: string;
  dark: string;
  summary: string;
  cached: string;
  kit: string;
  layouts: Record<'none' | 'text' | 'small' | 'large', string>;
  status: string;
  redirects: string;
  noCard: string;
  severities: Record<'error' | 'warning' | 'info', string>;
  fix: string;
  nothing: string;
  image: string;
  imageHidden: string;
  cardOf: string;
  warningsOf: string;
  empty: string;
}

export const PREVIEW_LAB_WORDS: Readonly<Record<Lang, PreviewLabWords>> = {
  en: {
    title: 'Preview lab',
    intro:
      'Paste a page’s address: Penumbra fetches it the way each chat app does and draws each app’s card, with what to fix.',
    url: 'Page URL',
    urlHint: 'An http or https address that the apps can reach.',
    check: 'Check previews',
    checking: 'Checking…',
    theme: 'Card theme',
    light: 'Light',
    dark: 'Dark',
    summary: '{errors} error(s), {warnings} warning(s), {infos} note(s) · checked in {ms} ms',
    cached: 'Checked in the last 5 minutes.',
    kit: 'Compared with the share kit “{title}”.',
    layouts: { none: 'No card', text: 'Text card', small: 'Small image', large: 'Large image' },
    status: 'HTTP {status}',
    redirects: '{count} redirect(s)',
    noCard: 'No preview: the app shows the bare link.',
    severities: { error: 'Error', warning: 'Warning', info: 'Note' },
    fix: 'Fix:',
    nothing: 'Nothing to fix.',
    image: 'Preview image, {width}×{height}',
    imageHidden: 'Image {width}×{height}, too heavy to show here',
    cardOf: 'Card drawn by {app}',
    warningsOf: 'What to fix for {app}',
    empty: 'Enter a URL to see its cards.',
  },
  fr: {
    title: 'Labo d’aperçus',
    intro:
      'Collez l’adresse d’une page : Penumbra la récupère comme chaque messagerie et dessine l’aperçu de chacune, avec ce qu’il faut corriger.',
    url: 'URL de la page',
    urlHint: 'Une adresse http ou https que les applications peuvent atteindre.',
    check: 'Vérifier les aperçus',
    checking: 'Vérification…',
    theme: 'Thème des aperçus',
    light: 'Clair',
    dark: 'Sombre',
    summary: '{errors} erreur(s), {warnings} avertissement(s), {infos} remarque(s) · vérifié en {ms} ms',
    cached: 'Vérifié dans les 5 dernières minutes.',
    kit: 'Comparé au kit de partage « {title} ».',
    layouts: { none: 'Pas d’aperçu', text: 'Aperçu texte', small: 'Petite image', large: 'Grande image' },
    status: 'HTTP {status}',
    redirects: '{count} redirection(s)',
    noCard: 'Pas d’aperçu : l’application affiche le lien nu.',
    severities: { error: 'Erreur', warning: 'Avertissement', info: 'Remarque' },
    fix: 'Correction :',
    nothing: 'Rien à corriger.',
    image: 'Image d’aperçu, {width}×{height}',
    imageHidden: 'Image {width}×{height}, trop lourde pour être montrée ici',
    cardOf: 'Aperçu dessiné par {app}',
    warningsOf: 'À corriger pour {app}',
    empty: 'Saisissez une URL pour voir ses aperçus.',
  },
};

export function fillWords(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
