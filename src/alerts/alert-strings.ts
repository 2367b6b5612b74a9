import type { RecipientLanguage } from '../store/recipient-store.js';
import type { AlertApp, AlertCandidate } from './alert-candidate.js';

/** How people know the apps (the classifier's sources are lowercase ids). */
const APP_NAMES: Record<string, string> = {
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  messenger: 'Messenger',
  signal: 'Signal',
  imessage: 'iMessage',
  slack: 'Slack',
  teams: 'Teams',
  discord: 'Discord',
  gmail: 'Gmail',
  outlook: 'Outlook',
  line: 'LINE',
  wechat: 'WeChat',
};

const WAYS: Record<RecipientLanguage, Record<string, string>> = {
  en: {
    'copy-paste': 'copy-paste',
    unattributed: 'no referrer (deep link)',
    email: 'e-mail',
    sms: 'SMS',
    qr: 'QR code',
  },
  fr: {
    'copy-paste': 'copier-coller',
    unattributed: 'sans référent (lien profond)',
    email: 'e-mail',
    sms: 'SMS',
    qr: 'QR code',
  },
};

/** "WhatsApp", "copy-paste", "Gmail (e-mail)"… */
export function appLabel(app: Pick<AlertApp, 'source' | 'medium'>, language: RecipientLanguage): string {
  const way = WAYS[language][app.medium];
  const named = APP_NAMES[app.source];
  if (named) return app.medium === 'messaging' || !way ? named : `${named} (${way})`;
  if (way && (app.source === 'direct' || app.source === app.medium || app.source === 'copy-paste'))
    return way;
  return way ? `${app.source} (${way})` : app.source;
}

/** A source alone, where no medium is at hand (the digest's apps): "WhatsApp", "copier-coller", "gmail"… */
export function sourceLabel(source: string, language: RecipientLanguage): string {
  return APP_NAMES[source] ?? WAYS[language][source] ?? source;
}

const percent = (share: number, language: RecipientLanguage) =>
  `${Math.round(share * 100)}${language === 'fr' ? '\u202f%' : ' %'}`;

export function appsLine(apps: readonly AlertApp[], language: RecipientLanguage): string {
  return apps.map((app) => `${appLabel(app, language)} ${percent(app.share, language)}`).join(', ');
}

const times = (count: number, baseline: number, language: RecipientLanguage): string => {
  if (baseline <= 0) return language === 'fr' ? 'habituellement presque rien' : 'usually next to nothing';
  const factor = (count / baseline).toLocaleString(language, { maximumFractionDigits: 1 });
  return language === 'fr'
    ? `${factor}× le niveau habituel (${baseline.toLocaleString('fr')})`
    : `${factor}× the usual level (${baseline.toLocaleString('en')})`;
};

/** The words of an alert, in the recipient's language. */
export function alertWords(candidate: AlertCandidate, language: RecipientLanguage) {
  const { subject, count, baseline, site } = candidate;
  const minutes = candidate.rule.windowMinutes;
  const fr = language === 'fr';
  const what =
    subject.kind === 'page'
      ? fr
        ? `La page ${subject.label} circule en privé`
        : `${subject.label} is spreading privately`
      : subject.kind === 'kit'
        ? fr
          ? `Le kit de partage « ${subject.label} » est partagé dans les messageries`
          : `Share kit "${subject.label}" is being shared in chats`
        : subject.kind === 'goal'
          ? fr
            ? `L’objectif « ${subject.label} » convertit par le dark social`
            : `Goal "${subject.label}" is converting through dark social`
          : fr
            ? `Pic de dark social sur ${site.domain}`
            : `Dark social spike on ${site.domain}`;
  const unit =
    subject.kind === 'kit'
      ? fr
        ? 'aperçus de lien'
        : 'link previews'
      : subject.kind === 'goal'
        ? fr
          ? 'conversions venues du dark social'
          : 'conversions from dark social'
        : fr
          ? 'visites dark social'
          : 'dark-social visits';
  return {
    subject: `${what} — ${site.domain}`,
    headline: what,
    figures: fr
      ? `${count.toLocaleString('fr')} ${unit} en ${minutes} min, ${times(count, baseline, language)}.`
      : `${count.toLocaleString('en')} ${unit} in ${minutes} min, ${times(count, baseline, language)}.`,
    apps: `${fr ? 'Par où\u00a0:' : 'Through:'} ${appsLine(candidate.apps, language)}`,
    rounded:
      candidate.roundedTo === undefined
        ? undefined
        : fr
          ? `Mode strict : chiffres arrondis à ${candidate.roundedTo}.`
          : `Strict mode: figures rounded to ${candidate.roundedTo}.`,
    /** Before a colon: French puts a no-break space there. */
    colon: fr ? '\u00a0:' : ':',
    open: fr ? 'Ouvrir le tableau de bord filtré' : 'Open the filtered dashboard',
    unsubscribe: fr ? 'Se désabonner' : 'Unsubscribe',
  };
}
