import { useMemo } from 'preact/hooks';
import { DateRangePicker, LanguageSwitch, ReversedRange } from '../components/controls';
import { Link } from '../components/link';
import { ErrorMessage, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { api, seg } from '../lib/api';
import { readRange } from '../lib/dates';
import { readFilters } from '../lib/filters';
import { useRoute, withQuery } from '../lib/router';
import { publicStatsSource } from '../lib/stats-source';
import type { PublicSite } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { DarkSocialView } from './dark-social';
import { OverviewView } from './overview';

/**
 * `/share/:token`: a site's Overview and Dark social, read-only, for anyone with the link. Nothing
 * here can change anything; the numbers come from `/api/public/:token/…`.
 */
export function PublicApp(props: { token: string }) {
  const { t } = useI18n();
  const route = useRoute();
  const info = useAsync(
    (signal) => api.get<{ site: PublicSite }>(`/api/public/${seg(props.token)}`, { signal, quiet401: true }),
    [props.token],
  );
  const site = info.data?.site;
  const source = useMemo(() => site && publicStatsSource(props.token, site), [site, props.token]);
  const range = readRange(route.query);
  const dark = route.query.get('view') === 'dark-social';
  const tabs = [
    { href: withQuery({ view: undefined }), label: t('nav.overview'), current: !dark },
    { href: withQuery({ view: 'dark-social' }), label: t('nav.dark'), current: dark },
  ];
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header class="topbar">
        <div class="topbar-row">
          <p class="brand">Penumbra{site && <span class="brand-site"> · {site.name}</span>}</p>
          <div class="toolbar">
            <DateRangePicker range={range} />
            <LanguageSwitch />
          </div>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul class="nav">
            {tabs.map((tab) => (
              <li key={tab.label}>
                <Link href={tab.href} aria-current={tab.current ? 'page' : undefined}>
                  {tab.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <p class="notice public-notice">{t('public.readOnly', { domain: site?.domain ?? '' })}</p>
        {info.error && <ErrorMessage error={info.error} onRetry={info.reload} />}
        {!info.data && !info.error && <Loading />}
        {range.reversed && <ReversedRange from={range.reversed.from} to={range.reversed.to} />}
        {source &&
          !range.reversed &&
          (dark ? (
            <DarkSocialView source={source} range={range} filters={readFilters(route.query)} />
          ) : (
            <OverviewView source={source} range={range} filters={readFilters(route.query)} />
          ))}
      </main>
    </div>
  );
}
