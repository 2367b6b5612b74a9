import { sourceLabel } from '../alerts/alert-strings.js';
import type { RecipientLanguage } from '../store/recipient-store.js';
import type { Digest } from './digest.js';
import { DIGEST_STRINGS, goalDetail, percent } from './digest-strings.js';

/** Slack's mrkdwn escapes only these three (https://api.slack.com/reference/surfaces/formatting#escaping). */
const mrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

/**
 * The digest as a Slack incoming-webhook message in Block Kit
 * (https://api.slack.com/messaging/webhooks, https://api.slack.com/block-kit): a header, one
 * section per part, a button to the dashboard; `text` is the notification's fallback.
 */
export function digestSlack(
  digest: Digest,
  language: RecipientLanguage,
): { text: string; blocks: unknown[] } {
  const t = DIGEST_STRINGS[language];
  const { period, site, darkSocial } = digest;
  const subject = t.subject(period.kind, site.domain, period.from, period.to);
  const index =
    darkSocial.visits === 0
      ? t.noVisits
      : `${t.indexLine(percent(darkSocial.share, language), darkSocial.darkVisits, darkSocial.visits)} ${t.trend(darkSocial.trendPoints)}`;
  const articles =
    digest.topArticles.length === 0
      ? t.noArticles
      : digest.topArticles
          .map(
            (a) =>
              `• \`${mrkdwn(a.page)}\` — ${t.articleLine(a.darkVisits, a.apps.map((app) => sourceLabel(app.source, language)).join(', '))}`,
          )
          .join('\n');
  const kits =
    digest.shareKits.length === 0
      ? t.noKits
      : digest.shareKits
          .map(
            (k) =>
              `• *${mrkdwn(k.title ?? k.slug)}* — ${t.kitLine(k.previews, k.clicks, k.clicksPerPreview === null ? '—' : t.number(k.clicksPerPreview), k.conversions)}`,
          )
          .join('\n');
  return {
    text: subject,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: `${t.heading(period.kind)} — ${site.domain}`.slice(0, 150) },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${period.from} – ${period.to}` }] },
      section(`*${t.index}*\n${mrkdwn(index)}`),
      section(`*${t.articles}*\n${articles}`),
      section(`*${t.kits}*\n${kits}`),
      ...(digest.goalsByChannel === null
        ? []
        : [
            section(
              `*${t.goals}*\n${
                digest.goalsByChannel.length === 0
                  ? t.noGoals
                  : digest.goalsByChannel
                      .map((goal) => `• *${mrkdwn(goal.name)}* — ${mrkdwn(goalDetail(goal, language))}`)
                      .join('\n')
              }`,
            ),
          ]),
      ...(digest.roundedTo === undefined
        ? []
        : [{ type: 'context', elements: [{ type: 'mrkdwn', text: t.rounded(digest.roundedTo) }] }]),
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: t.open }, url: digest.dashboardUrl }],
      },
    ],
  };
}
