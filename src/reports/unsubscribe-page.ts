import { escapeHtml } from '../links/escape-html.js';
import { renderHtmlDocument } from '../links/html-document.js';
import type { RecipientLanguage } from '../store/recipient-store.js';

/** What the unsubscribe page shows: the question, the answer after the click, or a dead link. */
export type UnsubscribeState = 'confirm' | 'done' | 'unknown';

const TEXT = {
  en: {
    title: 'Unsubscribe from Penumbra digests',
    confirm: (site: string) => `Stop receiving the dark social digests of ${site} at this address?`,
    button: 'Unsubscribe',
    done: 'You are unsubscribed. No more digests will be sent to this address.',
    unknown: 'This link is not valid any more: the address is already unsubscribed, or was removed.',
  },
  fr: {
    title: 'Se désabonner des bilans Penumbra',
    confirm: (site: string) => `Ne plus recevoir les bilans dark social de ${site} à cette adresse ?`,
    button: 'Se désabonner',
    done: 'Vous êtes désabonné·e. Plus aucun bilan ne sera envoyé à cette adresse.',
    unknown: 'Ce lien n’est plus valable : l’adresse est déjà désabonnée, ou a été retirée.',
  },
} as const;

/**
 * The page behind a digest's unsubscribe link, without sign-in. A GET only asks (mail scanners
 * open links); the button POSTs to the same address, as mail clients' one-click unsubscription
 * does (RFC 8058).
 */
export function renderUnsubscribePage(
  state: UnsubscribeState,
  language: RecipientLanguage,
  site = '',
): string {
  const t = TEXT[language];
  const body =
    state === 'confirm'
      ? [
          '<main>',
          `<h1>${escapeHtml(t.title)}</h1>`,
          `<p>${escapeHtml(t.confirm(site))}</p>`,
          '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">',
          `<button type="submit">${escapeHtml(t.button)}</button></form>`,
          '</main>',
        ]
      : [
          '<main>',
          `<h1>${escapeHtml(t.title)}</h1>`,
          `<p>${escapeHtml(state === 'done' ? t.done : t.unknown)}</p>`,
          '</main>',
        ];
  return renderHtmlDocument({
    lang: language,
    title: t.title,
    head: ['<meta name="robots" content="noindex">'],
    body,
  });
}
