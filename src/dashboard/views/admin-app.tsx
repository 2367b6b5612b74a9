import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DateRangePicker, LanguageSwitch, ReversedRange, SitePicker } from '../components/controls';
import { Link } from '../components/link';
import { PageHeader } from '../components/page';
import { EmptyState, ErrorMessage, Loading } from '../components/states';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { api, seg, setCsrfToken, setUnauthorizedHandler } from '../lib/api';
import { type DateRange, readRange } from '../lib/dates';
import { readFilters } from '../lib/filters';
import { keepContext, navigate, type Route, useRoute } from '../lib/router';
import { canEditOn } from '../lib/site-role';
import { siteStatsSource } from '../lib/stats-source';
import { readPreference } from '../lib/storage';
import { type AuthState, itemsOf, type Site, type User } from '../lib/types';
import { LoginView, SetupView, type SignedIn } from './auth-pages';
import { CustomEventsView } from './custom-events';
import { DarkSocialView } from './dark-social';
import { DemoProgressNotice, useDemoProgress } from './demo-progress';
import { FunnelsView } from './funnels';
import { GoalsView } from './goals';
import { LinkDetailView } from './link-detail';
import { LinksView, useSiteLinks } from './links';
import { NewKitView } from './new-kit';
import { OverviewView } from './overview';
import { PreviewLabView } from './preview-lab';
import { PrivacyView } from './privacy';
import { RealtimeView } from './realtime';
import { SettingsView } from './settings';
import { SitesView } from './sites';

/** Only our own pages after sign-in: `next` must never send anyone to another origin. */
function safeNext(next: string | null): string {
  return next && /^\/app(\/|\?|$)/.test(next) ? next : '/app';
}

/** Where the auth state sends a request for `route`, or undefined when it may stay. */
function redirectFor(auth: AuthState, route: Route): string | undefined {
  const { path, query } = route;
  if (path === '/setup') return auth.setupRequired ? undefined : auth.user ? '/app' : '/login';
  if (auth.setupRequired) return `/setup${location.search}`;
  if (path === '/login') return auth.user ? safeNext(query.get('next')) : undefined;
  if (!auth.user) return `/login?next=${encodeURIComponent(`${path}${location.search}`)}`;
  return undefined;
}

export function AdminApp() {
  const { t } = useI18n();
  const route = useRoute();
  const [auth, setAuth] = useState<AuthState>();
  const [error, setError] = useState<Error>();
  const load = useCallback(async () => {
    setError(undefined);
    try {
      const state = await api.get<AuthState>('/api/auth/state', { quiet401: true });
      setCsrfToken(state.csrfToken);
      setAuth(state);
    } catch (failure) {
      setError(failure as Error);
    }
  }, []);
  useEffect(() => {
    void load();
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setAuth((state) => state && { ...state, user: null, csrfToken: null });
    });
    return () => setUnauthorizedHandler(undefined);
  }, [load]);
  const target = auth && redirectFor(auth, route);
  useEffect(() => {
    if (target) navigate(target, { replace: true });
  }, [target]);

  const signedIn = (answer: SignedIn) => {
    setCsrfToken(answer.csrfToken);
    setAuth({ setupRequired: false, user: answer.user, csrfToken: answer.csrfToken });
    navigate(safeNext(route.query.get('next')), { replace: true });
    // The state also says the user's roles on chosen sites, which the sign-in answer leaves out.
    void load();
  };

  if (error) {
    return (
      <main id="main" class="auth-card">
        <h1>Penumbra</h1>
        <p>{t('app.unavailable')}</p>
        <ErrorMessage error={error} onRetry={load} />
      </main>
    );
  }
  if (!auth || target) return <Loading />;
  if (route.path === '/setup') return <SetupView onSignedIn={signedIn} />;
  if (route.path === '/login') return <LoginView onSignedIn={signedIn} />;
  if (!auth.user) return <Loading />;
  return (
    <Shell
      user={auth.user}
      route={route}
      onSignedOut={async () => {
        try {
          await api.post('/api/auth/logout');
        } finally {
          setCsrfToken(null);
          setAuth({ setupRequired: false, user: null, csrfToken: null });
          navigate('/login');
        }
      }}
    />
  );
}

const NAV: { path: string; key: MessageKey }[] = [
  { path: '/app', key: 'nav.overview' },
  { path: '/app/dark-social', key: 'nav.dark' },
  { path: '/app/links', key: 'nav.links' },
  { path: '/app/previews', key: 'nav.previews' },
  { path: '/app/events', key: 'nav.events' },
  { path: '/app/goals', key: 'nav.goals' },
  { path: '/app/funnels', key: 'nav.funnels' },
  { path: '/app/realtime', key: 'nav.realtime' },
  { path: '/app/sites', key: 'nav.sites' },
  { path: '/app/privacy', key: 'nav.privacy' },
  { path: '/app/settings', key: 'nav.settings' },
];

/** Starts only at a run's first slash, so it stays linear (`/\/+$/` is O(n²), scripts/check-redos.mjs). */
const TRAILING_SLASHES = /(?<!\/)\/+$/;

function activeNav(path: string): string {
  const normal = path.replace(TRAILING_SLASHES, '') || '/app';
  return NAV.filter((item) => normal === item.path || normal.startsWith(`${item.path}/`)).at(-1)?.path ?? '';
}

function useSites() {
  const [sites, setSites] = useState<Site[]>();
  const [error, setError] = useState<Error>();
  const refresh = useCallback(async () => {
    try {
      setSites(itemsOf(await api.get<{ items: Site[] }>('/api/sites')));
      setError(undefined);
    } catch (failure) {
      setError(failure as Error);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { sites, error, refresh };
}

/** The chosen site: the URL's, else the last one used here, else the first. */
function pickSite(sites: Site[], query: URLSearchParams): Site | undefined {
  const wanted = query.get('site') ?? readPreference('site');
  return sites.find((site) => site.domain === wanted || site.id === wanted) ?? sites[0];
}

function Shell(props: { user: User; route: Route; onSignedOut: () => Promise<void> }) {
  const { t } = useI18n();
  const { route, user } = props;
  const { sites, error, refresh } = useSites();
  const site = sites && pickSite(sites, route.query);
  const range = readRange(route.query);
  // Per site: a user may be editor on some sites only (docs/access.md).
  const canEdit = canEditOn(user, site?.id);
  const active = activeNav(route.path);
  const firstPath = useRef(route.path);
  useEffect(() => {
    if (route.path === firstPath.current) return;
    firstPath.current = '';
    const timer = setTimeout(() => document.querySelector<HTMLElement>('main h1')?.focus(), 50);
    return () => clearTimeout(timer);
  }, [route.path]);

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header class="topbar">
        <div class="topbar-row">
          <Link class="brand" href={keepContext('/app')}>
            Penumbra
          </Link>
          <div class="toolbar">
            {sites && <SitePicker sites={sites} current={site} />}
            {usesRange(route.path) && <DateRangePicker range={range} />}
            <LanguageSwitch />
            <button type="button" class="button small secondary" onClick={() => void props.onSignedOut()}>
              {t('nav.logout')}
            </button>
          </div>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul class="nav">
            {NAV.map((item) => (
              <li key={item.path}>
                <Link href={keepContext(item.path)} aria-current={active === item.path ? 'page' : undefined}>
                  {t(item.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {error && <ErrorMessage error={error} onRetry={refresh} />}
        {!sites && !error && <Loading />}
        {sites && range.reversed && usesRange(route.path) && (
          <ReversedRange from={range.reversed.from} to={range.reversed.to} />
        )}
        {sites && !(range.reversed && usesRange(route.path)) && (
          <ShellView
            route={route}
            sites={sites}
            site={site}
            range={range}
            user={user}
            canEdit={canEdit}
            refresh={refresh}
          />
        )}
      </main>
    </div>
  );
}

/**
 * The pages whose figures follow the period picker; the others (Realtime, Sites, Privacy,
 * Settings, a new kit) have none, and do not show it (issue 16).
 */
function usesRange(path: string): boolean {
  const normal = path.replace(TRAILING_SLASHES, '') || '/app';
  if (normal === '/app/links/new') return false;
  return (
    ['/app', '/app/dark-social', '/app/links', '/app/events', '/app/goals', '/app/funnels'].includes(
      normal,
    ) || normal.startsWith('/app/links/')
  );
}

function NoSite(props: { title: string; canEdit: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={props.title} />
      <EmptyState title={t('sites.empty.title')}>
        <p>{props.canEdit ? t('sites.empty.text') : t('sites.empty.viewer')}</p>
        {props.canEdit && (
          <Link class="button" href="/app/sites">
            {t('sites.add')}
          </Link>
        )}
      </EmptyState>
    </>
  );
}

function OverviewRoute(props: { site: Site; range: DateRange; route: Route }) {
  const links = useSiteLinks(props.site);
  const source = useMemo(() => siteStatsSource(props.site), [props.site]);
  // A kit's slug and each of its variants' slugs (the funnel may list either) lead to the kit.
  const kits = useMemo(
    () =>
      new Map(
        (links.data?.items ?? []).flatMap((link) => [
          [link.slug, link] as const,
          ...link.variants.map((variant) => [variant.slug, link] as const),
        ]),
      ),
    [links.data],
  );
  const linkHref = (slug: string) => {
    const id = kits.get(slug)?.id;
    return id ? keepContext(`/app/links/${seg(id)}`) : undefined;
  };
  const linkTitle = (slug: string) => kits.get(slug)?.title ?? undefined;
  const variantChannel = (slug: string) => {
    const kit = kits.get(slug);
    if (!kit) return undefined;
    return kit.slug === slug ? 'main' : kit.variants.find((variant) => variant.slug === slug)?.channel;
  };
  const demo = useDemoProgress(props.site);
  const filling = demo?.state === 'seeding';
  return (
    <OverviewView
      // Remounted once the demo is filled: its figures are read again, complete.
      key={filling ? 'filling' : 'ready'}
      source={source}
      range={props.range}
      filters={readFilters(props.route.query)}
      linkHref={linkHref}
      linkTitle={linkTitle}
      variantChannel={variantChannel}
      pageUrl={(page) => `https://${props.site.domain}${page}`}
      filling={demo && filling ? <DemoProgressNotice progress={demo} /> : undefined}
    />
  );
}

function DarkRoute(props: { site: Site; range: DateRange; route: Route }) {
  const source = useMemo(() => siteStatsSource(props.site), [props.site]);
  return <DarkSocialView source={source} range={props.range} filters={readFilters(props.route.query)} />;
}

function ShellView(props: {
  route: Route;
  sites: Site[];
  site: Site | undefined;
  range: DateRange;
  user: User;
  canEdit: boolean;
  refresh: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { route, site, range, canEdit } = props;
  const path = route.path.replace(TRAILING_SLASHES, '') || '/app';
  if (path === '/app/sites') {
    return <SitesView sites={props.sites} current={site} canEdit={canEdit} onChanged={props.refresh} />;
  }
  if (path === '/app/settings') return <SettingsView me={props.user} site={site} />;
  // The lab checks any URL: it needs no site.
  if (path === '/app/previews') return <PreviewLabView />;
  const linkId = /^\/app\/links\/([^/]+)$/.exec(path)?.[1];
  if (linkId && linkId !== 'new') {
    return (
      <LinkDetailView
        id={decodeURIComponent(linkId)}
        sites={props.sites}
        range={range}
        canEdit={canEdit}
        canDelete={props.user.role === 'owner'}
      />
    );
  }
  const known = [
    '/app',
    '/app/dark-social',
    '/app/links',
    '/app/links/new',
    '/app/events',
    '/app/goals',
    '/app/funnels',
    '/app/realtime',
    '/app/privacy',
  ];
  if (!known.includes(path)) {
    return (
      <EmptyState title={t('app.notFound')}>
        <Link href={keepContext('/app')}>{t('nav.overview')}</Link>
      </EmptyState>
    );
  }
  if (!site) {
    const title = NAV.find((item) => item.path === activeNav(path))?.key ?? 'nav.overview';
    return <NoSite title={t(title)} canEdit={canEdit} />;
  }
  switch (path) {
    case '/app/dark-social':
      return <DarkRoute site={site} range={range} route={route} />;
    case '/app/links':
      return <LinksView site={site} range={range} canEdit={canEdit} />;
    case '/app/links/new':
      return canEdit ? <NewKitView site={site} /> : <EmptyState title={t('app.readOnly')} />;
    case '/app/events':
      // Keyed by site: a chosen event belongs to one site.
      return <CustomEventsView key={site.id} site={site} range={range} />;
    case '/app/goals':
      // Keyed by site: a chosen goal belongs to one site.
      return (
        <GoalsView
          key={site.id}
          site={site}
          range={range}
          filters={readFilters(route.query)}
          chosen={route.query.get('goal') ?? undefined}
          canEdit={canEdit}
        />
      );
    case '/app/funnels':
      // Keyed by site: a funnel belongs to one site.
      return <FunnelsView key={site.id} site={site} range={range} canEdit={canEdit} />;
    case '/app/realtime':
      return <RealtimeView site={site} />;
    case '/app/privacy':
      return (
        <PrivacyView
          site={site}
          user={props.user}
          onSiteErased={() => {
            void props.refresh();
            navigate(keepContext('/app/sites'));
          }}
        />
      );
    default:
      return <OverviewRoute site={site} range={range} route={route} />;
  }
}
