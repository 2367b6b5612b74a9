import { describe, expect, it } from 'vitest';
import { SESSION_TTL_MS } from '../../../src/accounts/session-service.js';
import { loadConfig } from '../../../src/config.js';
import { DOCUMENT_IDS, installationFacts } from '../../../src/privacy/documents/index.js';
import { STRICT_ROUNDING } from '../../../src/stats/stats-service.js';
import { allText, generate, textOf } from './document-fixtures.js';

describe('the generated documents follow the site’s settings', () => {
  it('strict mode: referrer host only, no campaign parameters, rounded counts', () => {
    const anonymous = generate('en', { privacyMode: 'anonymous' });
    const strict = generate('en', { privacyMode: 'strict' });
    for (const id of ['processing-record', 'privacy-notice', 'dpia-summary'] as const) {
      expect(textOf(anonymous, id)).toContain('only the campaign parameters (utm_*) are kept');
      expect(textOf(anonymous, id)).toContain('its host and path');
      expect(textOf(anonymous, id)).not.toContain('rounded to the nearest 10');
      expect(textOf(strict, id)).toContain('without any query string: neither campaign parameters (utm_*)');
      expect(textOf(strict, id)).toContain('Only the host of the referring address is read');
      expect(textOf(strict, id)).toContain('rounded to the nearest 10');
      expect(textOf(strict, id)).not.toContain('only the campaign parameters (utm_*) are kept');
      expect(textOf(strict, id)).not.toContain('its host and path');
      expect(textOf(strict, id)).not.toContain('#pn=');
    }
    expect(textOf(strict, 'dpia-summary')).toContain('self-assessment tool is followed (strict mode)');
    expect(textOf(anonymous, 'dpia-summary')).toContain('Not followed in this mode');

    const strictFr = generate('fr', { privacyMode: 'strict' });
    expect(textOf(strictFr, 'processing-record')).toContain('sans aucune chaîne de requête');
    expect(textOf(strictFr, 'processing-record')).toContain('Seul l’hôte de l’adresse référente est lu');
    expect(textOf(strictFr, 'privacy-notice')).toContain('arrondis à la dizaine');
    expect(allText(strictFr)).not.toContain('seuls les paramètres de campagne (utm_*) sont conservés');
    expect(allText(generate('fr'))).toContain('seuls les paramètres de campagne (utm_*) sont conservés');
  });

  it('consented mode: consent as the legal basis of per-view tokens, withdrawable at any time', () => {
    const consented = textOf(generate('en', { privacyMode: 'consented' }), 'privacy-notice');
    expect(consented).toContain('rests on your consent (GDPR Art. 6(1)(a))');
    expect(consented).toContain('You can withdraw it at any time');
    expect(consented).toContain('share cascades');
    const anonymous = textOf(generate('en', { privacyMode: 'anonymous' }), 'privacy-notice');
    expect(anonymous).toContain('legitimate interest');
    expect(anonymous).toContain('délibération 2020-091');
    expect(anonymous).not.toContain('6(1)(a)');
    expect(anonymous).not.toContain('share cascades');
    const french = textOf(generate('fr', { privacyMode: 'consented' }), 'privacy-notice');
    expect(french).toContain('repose sur votre consentement (article 6, paragraphe 1, point a, du RGPD)');
    expect(french).toContain('Vous pouvez le retirer à tout moment');
    expect(allText(generate('en', { privacyMode: 'consented' }))).toContain('penumbra.consent(false)');
  });

  it('retention: the months the site keeps raw events, in every document', () => {
    // "13 months" is also the CNIL's tracker lifetime, named in the DPIA summary whatever the site's retention.
    const count = (text: string, words: string) => text.split(words).length - 1;
    for (const id of DOCUMENT_IDS) {
      const english = textOf(generate('en', { retentionMonths: 13 }), id);
      const french = textOf(generate('fr', { retentionMonths: 13 }), id);
      expect(english).toContain('13 months');
      expect(french).toContain('13 mois');
      expect(count(english, '13 months')).toBeGreaterThan(
        count(textOf(generate('en', { retentionMonths: 14 }), id), '13 months'),
      );
      expect(count(french, '13 mois')).toBeGreaterThan(
        count(textOf(generate('fr', { retentionMonths: 14 }), id), '13 mois'),
      );
      expect(textOf(generate('en', { retentionMonths: 14 }), id)).toContain('14 months');
      expect(textOf(generate('fr', { retentionMonths: 25 }), id)).toContain('25 mois');
    }
    expect(textOf(generate('en', { retentionMonths: 1 }), 'privacy-notice')).toContain('kept 1 month,');
  });

  it('Do Not Track and Global Privacy Control: honoured or not, as the site is set', () => {
    const on = textOf(generate('en', { respectDnt: true }), 'privacy-notice');
    const off = textOf(generate('en', { respectDnt: false }), 'privacy-notice');
    expect(on).toContain(
      'Global Privacy Control (Sec-GPC: 1) are not measured by the script on this site’s pages',
    );
    expect(on).not.toContain('does not act on Do Not Track');
    expect(off).toContain('This site does not act on Do Not Track or Global Privacy Control signals');
    expect(off).not.toContain('are not measured by the script');
    // The signals reach short-link redirects (redirect-service.ts), not imported logs, which carry none;
    // the opt-out flag, kept by the site's pages, reaches neither.
    expect(on).toContain('their clicks on the site’s short links are not recorded either');
    expect(on).toContain('Imported server logs carry no such signal');
    expect(textOf(generate('en', { respectDnt: true }), 'dpia-summary')).toContain(
      'the signals, which short links honour too, leave out imported server logs',
    );
    expect(off).toContain('It covers our pages’ script only: clicks on our short links are still counted');
    expect(textOf(generate('en', { respectDnt: false }), 'dpia-summary')).toContain(
      'Residual: the opt-out and those signals both leave out clicks on the site’s short links',
    );
    expect(textOf(generate('en', { respectDnt: false }), 'dpia-summary')).toContain('turning on');
    expect(textOf(generate('fr', { respectDnt: true }), 'privacy-notice')).toContain(
      'ne sont pas mesurés par le script des pages de ce site',
    );
    expect(textOf(generate('fr', { respectDnt: false }), 'privacy-notice')).toContain(
      'Ce site ne tient pas compte des signaux Do Not Track',
    );
  });

  it('country: from a CDN header, a MaxMind database, both, or not collected', () => {
    const none = allText(generate('en', {}, { country: 'none' }));
    expect(none).toContain('No country: this installation collects no geolocation.');
    expect(none).not.toContain('devices, countries');
    expect(none).not.toContain('MaxMind');
    const cdn = allText(generate('en', {}, { country: 'cdn' }));
    expect(cdn).toContain('this installation does not geolocate IP addresses itself');
    expect(cdn).not.toContain('MaxMind');
    expect(cdn).toContain('devices, countries');
    const both = allText(generate('en', {}, { country: 'cdn-and-maxmind' }));
    expect(both).toContain('or, failing that, looked up in memory from the IP address in a MaxMind database');
    expect(allText(generate('fr', {}, { country: 'none' }))).toContain('Aucun pays');
  });

  it('reads the installation’s facts from its configuration', () => {
    const plain = installationFacts(loadConfig({ PENUMBRA_BASE_URL: 'https://stats.example.org' }));
    // No trusted proxy: no CDN header is believed (issue 13, finding 12), and no database is set.
    expect(plain).toMatchObject({
      baseUrl: 'https://stats.example.org',
      database: 'sqlite',
      country: 'none',
    });
    expect(installationFacts(loadConfig({ PENUMBRA_TRUST_PROXY: 'true' }))).toMatchObject({ country: 'cdn' });
    expect(installationFacts(loadConfig({ PENUMBRA_GEOIP_DB: '/srv/a.mmdb' }))).toMatchObject({
      country: 'maxmind',
    });
    const configured = installationFacts(
      loadConfig({
        PENUMBRA_TRUST_PROXY: '1',
        PENUMBRA_GEOIP_DB: '/srv/GeoLite2-Country.mmdb',
        DATABASE_URL: 'postgres://penumbra@db/penumbra',
        PENUMBRA_AUDIT_RETENTION_MONTHS: '6',
      }),
    );
    expect(configured).toMatchObject({
      database: 'postgresql',
      country: 'cdn-and-maxmind',
      auditRetentionMonths: 6,
    });
    const record = textOf(generate('en', {}, configured), 'processing-record');
    expect(record).toContain('Storage: a PostgreSQL database');
    expect(record).toContain('created a token or a user): 6 months');
  });

  it('the site itself: its name, hosts, time zone and opt-out page', () => {
    const documents = generate('en', {
      extraOrigins: ['amp.news.example.org'],
      timezone: 'America/Montreal',
    });
    const record = textOf(documents, 'processing-record');
    expect(record).toContain('Example News (news.example.org)');
    expect(record).toContain('news.example.org, www.news.example.org, amp.news.example.org');
    expect(record).toContain('(America/Montreal)');
    for (const lang of ['en', 'fr'] as const) {
      const notice = textOf(generate(lang), 'privacy-notice');
      expect(notice).toContain('https://stats.example.org/opt-out?site=news.example.org');
    }
  });

  it('answers access requests with GDPR Article 11', () => {
    expect(textOf(generate('en'), 'privacy-notice')).toContain('under GDPR Article 11');
    expect(textOf(generate('en'), 'dpia-summary')).toContain('(GDPR Art. 11(1))');
    expect(textOf(generate('fr'), 'privacy-notice')).toContain('en vertu de l’article 11 du RGPD');
  });
});

describe('the disclaimer', () => {
  it('opens every document, in both languages and every mode', () => {
    for (const privacyMode of ['anonymous', 'consented', 'strict'] as const) {
      for (const [lang, heading, words] of [
        ['en', 'About this document', 'It is an engineering aid, not legal advice'],
        ['fr', 'À propos de ce document', 'C’est une aide technique, pas un conseil juridique'],
      ] as const) {
        for (const document of generate(lang, { privacyMode })) {
          const [first] = document.sections;
          expect(first?.heading, document.id).toBe(heading);
          expect(first?.paragraphs[0], document.id).toContain(words);
          expect(first?.paragraphs[0], document.id).toContain('(DPO)');
          expect(first?.paragraphs[0], document.id).toContain('2026-03-15');
          const markdownStart = document.markdown.split('\n').slice(0, 6).join('\n');
          expect(markdownStart.replaceAll('\u00a0', ' '), document.id).toContain(words);
        }
      }
    }
  });
});

describe('the durations the documents quote', () => {
  it('are the ones the code enforces', () => {
    const record = textOf(generate('en', { privacyMode: 'strict' }), 'processing-record');
    expect(record).toContain(`Dashboard sessions: ${SESSION_TTL_MS / 86_400_000} days after their last use`);
    expect(record).toContain(
      `Statistics API and dark-social reports rounded to the nearest ${STRICT_ROUNDING} (strict mode)`,
    );
    // Only the stats query API and the dark-social report round (strict-rounding.ts): the other
    // views must not be called rounded.
    expect(record).toContain('the live view, per-link statistics and data exports give exact counts');
    // src/privacy/salts.ts keeps today's and yesterday's salts: none lives beyond 48 h.
    expect(record).toContain('salts deleted after 48 hours');
  });
});
