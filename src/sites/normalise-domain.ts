import { SiteInputError } from './site-input-error.js';

/** RFC 1123 host labels: letters, digits, hyphens inside; 1–63 characters each. */
const LABEL = /^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?$/;

/**
 * A site's domain as it is stored: lowercase, no scheme, path, port or leading `www.`
 * (`https://WWW.Example.org/news` → `example.org`), so that www and bare host are one site.
 * Internationalised names are stored in their ASCII (punycode) form, as browsers send them.
 */
export function normaliseDomain(input: string): string {
  const trimmed = input.trim();
  let host: string;
  try {
    host = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`).hostname;
  } catch {
    throw new SiteInputError(
      'domain_invalid',
      `"${input}" is not a domain name such as example.org.`,
      'domain',
    );
  }
  const domain = host.replace(/^www\./, '').replace(/\.$/, '');
  const labels = domain.split('.');
  if (domain.length > 253 || !labels.every((label) => LABEL.test(label))) {
    throw new SiteInputError(
      'domain_invalid',
      `"${input}" is not a domain name such as example.org.`,
      'domain',
    );
  }
  return domain;
}

export function validateTimezone(timezone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    throw new SiteInputError(
      'timezone_invalid',
      `"${timezone}" is not an IANA time zone such as Europe/Paris or UTC.`,
      'timezone',
    );
  }
}
