import { describe, expect, it } from 'vitest';
import { applyUtm, UTM_MEDIUM_BY_CHANNEL } from '../../src/links/apply-utm.js';
import { SHARE_CHANNELS } from '../../src/links/share-urls.js';
import { expectLinkError } from './expect-link-error.js';

describe('applyUtm: the template', () => {
  it('adds the template to a target without a query', () => {
    expect(applyUtm('https://ex.test/page', { utm_campaign: 'spring' }, null)).toBe(
      'https://ex.test/page?utm_campaign=spring',
    );
  });

  it('appends to an existing query', () => {
    expect(applyUtm('https://ex.test/page?id=7', { utm_campaign: 'spring' }, null)).toBe(
      'https://ex.test/page?id=7&utm_campaign=spring',
    );
  });

  it('leaves the target alone with an empty template and no channel', () => {
    expect(applyUtm('https://ex.test/page?id=7#top', {}, null)).toBe('https://ex.test/page?id=7#top');
  });

  it('keeps the fragment after the query', () => {
    expect(applyUtm('https://ex.test/p?a=1#section-2', { utm_campaign: 'c' }, null)).toBe(
      'https://ex.test/p?a=1&utm_campaign=c#section-2',
    );
  });

  it('puts parameters before a hash route, which carries its own query', () => {
    expect(applyUtm('https://ex.test/#/route?x=1', { utm_campaign: 'c' }, null)).toBe(
      'https://ex.test/?utm_campaign=c#/route?x=1',
    );
  });

  it('keeps the existing query byte for byte', () => {
    expect(applyUtm('https://ex.test/?q=a+b&r=%20&flag&s=%7E', { utm_campaign: 'c' }, null)).toBe(
      'https://ex.test/?q=a+b&r=%20&flag&s=%7E&utm_campaign=c',
    );
  });

  it('fills a bare "?"', () => {
    expect(applyUtm('https://ex.test/?', { utm_campaign: 'c' }, null)).toBe(
      'https://ex.test/?utm_campaign=c',
    );
  });

  it('percent-encodes values, spaces as %20', () => {
    expect(applyUtm('https://ex.test/', { utm_campaign: "été & co #1 + 'x'" }, null)).toBe(
      'https://ex.test/?utm_campaign=%C3%A9t%C3%A9%20%26%20co%20%231%20%2B%20%27x%27',
    );
  });

  it('orders the parameters as campaign builders do', () => {
    const result = applyUtm(
      'https://ex.test/',
      { utm_extra: 'e', utm_content: 'c', utm_campaign: 'b', utm_term: 't', utm_id: 'i' },
      'whatsapp',
    );
    expect(result).toBe(
      'https://ex.test/?utm_source=whatsapp&utm_medium=messaging&utm_campaign=b&utm_term=t&utm_content=c&utm_id=i&utm_extra=e',
    );
  });
});

describe('applyUtm: parameters already in the target win', () => {
  it('does not override a template parameter the target has', () => {
    expect(applyUtm('https://ex.test/?utm_campaign=old', { utm_campaign: 'new' }, null)).toBe(
      'https://ex.test/?utm_campaign=old',
    );
  });

  it('does not override an empty value the target has', () => {
    expect(applyUtm('https://ex.test/?utm_campaign=', { utm_campaign: 'new' }, null)).toBe(
      'https://ex.test/?utm_campaign=',
    );
  });

  it('recognises an encoded name in the target', () => {
    expect(applyUtm('https://ex.test/?utm%5Fcampaign=old', { utm_campaign: 'new' }, null)).toBe(
      'https://ex.test/?utm%5Fcampaign=old',
    );
  });

  it("keeps the target's utm_source and utm_medium over the channel's", () => {
    expect(applyUtm('https://ex.test/?utm_source=newsletter&utm_medium=email', {}, 'whatsapp')).toBe(
      'https://ex.test/?utm_source=newsletter&utm_medium=email',
    );
  });

  it('adds only the medium when the target has a source', () => {
    expect(applyUtm('https://ex.test/?utm_source=partner', {}, 'sms')).toBe(
      'https://ex.test/?utm_source=partner&utm_medium=sms',
    );
  });

  it('treats names case-sensitively, as analytics tools do', () => {
    expect(applyUtm('https://ex.test/?UTM_SOURCE=x', {}, 'qr')).toBe(
      'https://ex.test/?UTM_SOURCE=x&utm_source=qr&utm_medium=qr',
    );
  });
});

describe('applyUtm: channel variants', () => {
  it('sets utm_source to the channel and the matching utm_medium', () => {
    expect(applyUtm('https://ex.test/', { utm_campaign: 'spring' }, 'whatsapp')).toBe(
      'https://ex.test/?utm_source=whatsapp&utm_medium=messaging&utm_campaign=spring',
    );
  });

  it('lets the template set utm_source and utm_medium', () => {
    expect(applyUtm('https://ex.test/', { utm_source: 'partner', utm_medium: 'referral' }, 'email')).toBe(
      'https://ex.test/?utm_source=partner&utm_medium=referral',
    );
  });

  it.each([
    ['whatsapp', 'messaging'],
    ['messenger', 'messaging'],
    ['telegram', 'messaging'],
    ['signal', 'messaging'],
    ['slack', 'messaging'],
    ['discord', 'messaging'],
    ['teams', 'messaging'],
    ['line', 'messaging'],
    ['viber', 'messaging'],
    ['email', 'email'],
    ['sms', 'sms'],
    ['linkedin', 'social'],
    ['x', 'social'],
    ['facebook', 'social'],
    ['reddit', 'social'],
    ['bluesky', 'social'],
    ['mastodon', 'social'],
    ['threads', 'social'],
    ['qr', 'qr'],
    ['copy', 'copy-paste'],
  ])('gives %s the medium %s', (channel, medium) => {
    const url = new URL(applyUtm('https://ex.test/', {}, channel));
    expect(url.searchParams.get('utm_source')).toBe(channel);
    expect(url.searchParams.get('utm_medium')).toBe(medium);
  });

  it('has a medium for every share channel', () => {
    for (const channel of SHARE_CHANNELS) expect(UTM_MEDIUM_BY_CHANNEL.has(channel)).toBe(true);
  });

  it('sets only the source for a channel it has no medium for', () => {
    expect(applyUtm('https://ex.test/', {}, 'partner-site')).toBe('https://ex.test/?utm_source=partner-site');
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'finds no medium for the object property name %j',
    (channel) => {
      expect(applyUtm('https://ex.test/', {}, channel)).toBe(`https://ex.test/?utm_source=${channel}`);
    },
  );
});

describe('applyUtm: errors', () => {
  it('validates the template', () => {
    expectLinkError(() => applyUtm('https://ex.test/', { source: 'x' }, null), 'utm_invalid', 'utm');
  });

  it('rejects a target that is not a URL', () => {
    expectLinkError(() => applyUtm('ex.test/page', {}, 'sms'), 'target_invalid', 'target');
  });
});
