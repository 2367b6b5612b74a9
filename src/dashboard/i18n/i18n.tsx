import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { readPreference, writePreference } from '../lib/storage';
import { en, type MessageKey } from './en';
import { fr } from './fr';

/** The two languages of the dashboard; every string lives in en.ts and fr.ts. */
export type Lang = 'en' | 'fr';
export const LANGS: readonly Lang[] = ['en', 'fr'];
const CATALOGUES: Record<Lang, Readonly<Record<MessageKey, string>>> = { en, fr };

export type Params = Record<string, string | number>;

export interface I18n {
  lang: Lang;
  /** The BCP 47 locale numbers and dates are written in (the browser's own when it speaks `lang`). */
  locale: string;
  t(key: MessageKey, params?: Params): string;
  /** A key built at run time (`channel.${name}`), or `fallback` when the catalogue has none. */
  label(key: string, fallback: string): string;
  number(value: number | null | undefined): string;
  /** 0.1234 → "12.3 %" in French, "12.3%" in English. */
  percent(value: number | null | undefined, digits?: number): string;
  decimal(value: number | null | undefined, digits?: number): string;
  /** A local day `YYYY-MM-DD` (no time zone shift: it is already the site's day). */
  day(value: string, style?: 'short' | 'long'): string;
  dateTime(value: string): string;
  setLang(lang: Lang): void;
}

/** The saved choice, else the first of the browser's languages we speak, else English. */
export function detectLang(): Lang {
  const saved = readPreference('lang');
  if (saved === 'en' || saved === 'fr') return saved;
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of wanted) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'en' || base === 'fr') return base;
  }
  return 'en';
}

function localeFor(lang: Lang): string {
  const browser = navigator.language || lang;
  return browser.toLowerCase().startsWith(lang) ? browser : lang;
}

function interpolate(text: string, params: Params | undefined, number: (value: number) => string): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? number(value) : value;
  });
}

export function createI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  const locale = localeFor(lang);
  const catalogue = CATALOGUES[lang];
  const numbers = new Intl.NumberFormat(locale);
  const number = (value: number) => numbers.format(value);
  const days = {
    short: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }),
    long: new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
  };
  const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    lang,
    locale,
    t: (key, params) => interpolate(catalogue[key] ?? en[key], params, number),
    label: (key, fallback) => (Object.hasOwn(catalogue, key) ? catalogue[key as MessageKey] : fallback),
    number: (value) => (value === null || value === undefined ? '—' : number(value)),
    percent: (value, digits = 1) =>
      value === null || value === undefined
        ? '—'
        : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(value),
    decimal: (value, digits = 2) =>
      value === null || value === undefined
        ? '—'
        : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value),
    day: (value, style = 'short') => {
      const time = Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(time) ? value : days[style].format(time);
    },
    dateTime: (value) => {
      const time = Date.parse(value);
      return Number.isNaN(time) ? value : dateTimes.format(time);
    },
    setLang,
  };
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider(props: { children: ComponentChildren }) {
  const [lang, setLangState] = useState<Lang>(detectLang);
  const i18n = useMemo(
    () =>
      createI18n(lang, (next) => {
        writePreference('lang', next);
        setLangState(next);
      }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return <I18nContext.Provider value={i18n}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
