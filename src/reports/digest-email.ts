import { sourceLabel } from '../alerts/alert-strings.js';
import { escapeHtml } from '../links/escape-html.js';
import type { MailMessage } from '../mail/mail-transport.js';
import type { RecipientLanguage } from '../store/recipient-store.js';
import type { Digest } from './digest.js';
import { DIGEST_STRINGS, type DigestStrings, goalDetail, percent } from './digest-strings.js';

interface Section {
  title: string;
  lines: { label: string; detail: string }[];
  empty: string;
}

function sections(digest: Digest, t: DigestStrings, language: RecipientLanguage): Section[] {
  const { darkSocial } = digest;
  const n = t.number;
  return [
    {
      title: t.index,
      empty: t.noVisits,
      lines:
        darkSocial.visits === 0
          ? []
          : [
              {
                label: '',
                detail: `${t.indexLine(percent(darkSocial.share, language), darkSocial.darkVisits, darkSocial.visits)} ${t.trend(darkSocial.trendPoints)}`,
              },
            ],
    },
    {
      title: t.articles,
      empty: t.noArticles,
      lines: digest.topArticles.map((article) => ({
        label: article.page,
        detail: t.articleLine(
          article.darkVisits,
          article.apps.map((app) => sourceLabel(app.source, language)).join(', '),
        ),
      })),
    },
    {
      title: t.kits,
      empty: t.noKits,
      lines: digest.shareKits.map((kit) => ({
        label: kit.title ?? kit.slug,
        detail: t.kitLine(
          kit.previews,
          kit.clicks,
          kit.clicksPerPreview === null ? '—' : n(kit.clicksPerPreview),
          kit.conversions,
        ),
      })),
    },
    // Said only when the site has goals.
    ...(digest.goalsByChannel === null
      ? []
      : [
          {
            title: t.goals,
            empty: t.noGoals,
            lines: digest.goalsByChannel.map((goal) => ({
              label: goal.name,
              detail: goalDetail(goal, language),
            })),
          },
        ]),
  ];
}

/**
 * The digest as an e-mail, HTML and plain text, in the recipient's language, with an unsubscribe
 * link in the body and in List-Unsubscribe / List-Unsubscribe-Post headers, so mail clients can
 * offer one-click unsubscription (RFC 2369, RFC 8058).
 */
export function digestEmail(
  digest: Digest,
  language: RecipientLanguage,
  unsubscribeUrl: string,
): MailMessage {
  const t = DIGEST_STRINGS[language];
  const { period, site } = digest;
  const subject = t.subject(period.kind, site.domain, period.from, period.to);
  const parts = sections(digest, t, language);
  const footer = [
    ...(digest.roundedTo === undefined ? [] : [t.rounded(digest.roundedTo)]),
    t.why(site.domain),
  ];
  const text = [
    subject,
    '',
    ...parts.flatMap((part) => [
      part.title,
      ...(part.lines.length === 0
        ? [`  ${part.empty}`]
        : part.lines.map((line) => `  - ${line.label ? `${line.label}: ` : ''}${line.detail}`)),
      '',
    ]),
    `${t.open}: ${digest.dashboardUrl}`,
    '',
    ...footer,
    `${t.unsubscribe}: ${unsubscribeUrl}`,
    '',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#1b1b1f;max-width:40em;margin:auto;padding:1em">
<h1 style="font-size:1.3em">${e(t.heading(period.kind))} — ${e(site.domain)}</h1>
<p style="color:#555">${e(period.from)} – ${e(period.to)}</p>
${parts
  .map(
    (part) => `<h2 style="font-size:1.1em">${e(part.title)}</h2>
${
  part.lines.length === 0
    ? `<p>${e(part.empty)}</p>`
    : `<ul>${part.lines.map((line) => `<li>${line.label ? `<strong>${e(line.label)}</strong>: ` : ''}${e(line.detail)}</li>`).join('')}</ul>`
}`,
  )
  .join('\n')}
<p><a href="${e(digest.dashboardUrl)}">${e(t.open)}</a></p>
<hr><p style="font-size:.85em;color:#555">${footer.map(e).join('<br>')}<br><a href="${e(unsubscribeUrl)}">${e(t.unsubscribe)}</a></p>
</body></html>
`;
  return {
    subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
