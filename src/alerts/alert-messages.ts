import { escapeHtml } from '../links/escape-html.js';
import type { MailMessage } from '../mail/mail-transport.js';
import type { AlertTriggeredEvent } from '../outbox/webhook-payloads.js';
import type { RecipientLanguage } from '../store/recipient-store.js';
import type { AlertCandidate } from './alert-candidate.js';
import { alertWords } from './alert-strings.js';

/** alert.triggered's `data` (docs/webhooks.md): classifications and counts only. */
export function alertWebhookData(candidate: AlertCandidate): AlertTriggeredEvent['data'] {
  return {
    rule: candidate.rule.kind,
    ruleId: candidate.rule.id,
    subject: candidate.subject,
    window: {
      from: new Date(candidate.window.from).toISOString(),
      to: new Date(candidate.window.to).toISOString(),
    },
    count: candidate.count,
    baseline: candidate.baseline,
    apps: candidate.apps,
    dashboardUrl: candidate.dashboardUrl,
    ...(candidate.roundedTo === undefined ? {} : { roundedTo: candidate.roundedTo }),
  };
}

/** The alert as an e-mail (plain text and HTML) with the recipient's unsubscribe link. */
export function alertEmail(
  candidate: AlertCandidate,
  language: RecipientLanguage,
  unsubscribeUrl: string,
): MailMessage {
  const w = alertWords(candidate, language);
  const lines = [
    w.headline,
    '',
    w.figures,
    w.apps,
    ...(w.rounded ? [w.rounded] : []),
    '',
    `${w.open}${w.colon} ${candidate.dashboardUrl}`,
  ];
  const text = [...lines, '', `${w.unsubscribe}${w.colon} ${unsubscribeUrl}`, ''].join('\n');
  const html = `<!doctype html><html lang="${language}"><meta charset="utf-8"><title>${escapeHtml(w.subject)}</title>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1d2330">
<h1 style="font-size:1.25rem">${escapeHtml(w.headline)}</h1>
<p>${escapeHtml(w.figures)}</p>
<p>${escapeHtml(w.apps)}</p>
${w.rounded ? `<p><small>${escapeHtml(w.rounded)}</small></p>` : ''}
<p><a href="${escapeHtml(candidate.dashboardUrl)}">${escapeHtml(w.open)}</a></p>
<p><small><a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(w.unsubscribe)}</a></small></p>
</body></html>`;
  return {
    subject: w.subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** Slack's mrkdwn escapes only these three (https://api.slack.com/reference/surfaces/formatting#escaping). */
const mrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The alert as a Slack incoming-webhook message in Block Kit (https://api.slack.com/block-kit). */
export function alertSlack(
  candidate: AlertCandidate,
  language: RecipientLanguage,
): { text: string; blocks: unknown[] } {
  const w = alertWords(candidate, language);
  return {
    text: w.subject,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: w.headline.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: `*${mrkdwn(w.figures)}*\n${mrkdwn(w.apps)}` } },
      ...(w.rounded ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn(w.rounded) }] }] : []),
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: w.open }, url: candidate.dashboardUrl },
        ],
      },
    ],
  };
}
