import type { Lang } from './i18n';
import { problemsEn } from './problems-en';
import { problemsFr } from './problems-fr';

const CATALOGUES = { en: problemsEn, fr: problemsFr } as const;

/** The dashboard's message for a problem `code` in `lang`, or undefined for a code it does not know. */
export function problemMessage(lang: Lang, code: string): string | undefined {
  const catalogue: Readonly<Record<string, string>> = CATALOGUES[lang];
  return Object.hasOwn(catalogue, code) ? catalogue[code] : undefined;
}
