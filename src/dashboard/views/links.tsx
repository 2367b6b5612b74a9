import { useMemo, useState } from 'preact/hooks';
import { CopyButton } from '../components/copy-button';
import { Control } from '../components/field';
import { Link } from '../components/link';
import { PageHeader } from '../components/page';
import { EmptyState, ErrorMessage, Loading } from '../components/states';
import { useI18n } from '../i18n/i18n';
import { api, seg } from '../lib/api';
import type { DateRange } from '../lib/dates';
import { keepContext, setQuery, useRoute } from '../lib/router';
import type { Link as ShareLink, Site, StatsResult } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { PreviewHealthPanel } from './preview-health-panel';

const LIST_LIMIT = 500;
const PAGE = 50;

export function useSiteLinks(site: Site) {
  return useAsync(
    (signal) =>
      api.get<{ items: ShareLink[]; total: number }>(
        `/api/links?site=${seg(site.domain)}&limit=${LIST_LIMIT}`,
        {
          signal,
        },
      ),
    [site.id],
  );
}

function matches(link: ShareLink, text: string): boolean {
  if (!text) return true;
  const needle = text.toLowerCase();
  return [link.title ?? '', link.url, link.slug, ...(link.tags ?? [])].some((field) =>
    field.toLowerCase().includes(needle),
  );
}

/** Share kits of the site, searchable and filtered by tag (both in the URL), with their counts. */
export function LinksView(props: { site: Site; range: DateRange; canEdit: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useRoute();
  const text = query.get('q') ?? '';
  const tag = query.get('tag') ?? '';
  const [shown, setShown] = useState(PAGE);
  const links = useSiteLinks(props.site);
  const counts = useAsync(
    (signal) =>
      api.post<StatsResult>(
        '/api/stats/query',
        {
          site: props.site.domain,
          date_range: props.range.input,
          metrics: ['previews', 'clicks'],
          dimensions: ['link'],
          limit: 1000,
        },
        { signal },
      ),
    [props.site.domain, props.range.search],
  );
  const bySlug = useMemo(
    () => new Map((counts.data?.results ?? []).map((row) => [row.dimensions[0] ?? '', row.metrics])),
    [counts.data],
  );
  const items = links.data?.items ?? [];
  const tags = useMemo(() => [...new Set(items.flatMap((link) => link.tags ?? []))].sort(), [items]);
  const visible = items.filter((link) => matches(link, text) && (!tag || (link.tags ?? []).includes(tag)));

  return (
    <>
      <PageHeader title={t('links.title')} siteName={props.site.name}>
        {props.canEdit && (
          <Link class="button" href={keepContext('/app/links/new')}>
            {t('links.new')}
          </Link>
        )}
      </PageHeader>
      {links.error && <ErrorMessage error={links.error} onRetry={links.reload} />}
      {!links.data && !links.error && <Loading />}
      {links.data && items.length === 0 && (
        <EmptyState title={t('links.empty.title')}>
          <p>{t('links.empty.text')}</p>
          {props.canEdit && (
            <Link class="button" href={keepContext('/app/links/new')}>
              {t('links.new')}
            </Link>
          )}
        </EmptyState>
      )}
      {items.length > 0 && (
        <section class="panel wide" aria-labelledby="links-list">
          <h2 id="links-list" class="visually-hidden">
            {t('links.list')}
          </h2>
          <form class="toolbar" onSubmit={(event) => event.preventDefault()}>
            <Control label={t('links.search')}>
              {(ids) => (
                <input
                  {...ids}
                  type="search"
                  value={text}
                  placeholder={t('links.searchPlaceholder')}
                  onInput={(event) => setQuery({ q: event.currentTarget.value }, { replace: true })}
                />
              )}
            </Control>
            <Control label={t('links.tag')}>
              {(ids) => (
                <select
                  {...ids}
                  value={tag}
                  onChange={(event) => setQuery({ tag: event.currentTarget.value })}
                >
                  <option value="">{t('links.allTags')}</option>
                  {tags.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              )}
            </Control>
          </form>
          <p class="panel-note" role="status">
            {t('links.count', { shown: Math.min(visible.length, shown), total: visible.length })}
            {links.data && links.data.total > LIST_LIMIT
              ? ` ${t('links.truncated', { limit: LIST_LIMIT })}`
              : ''}{' '}
            {t('links.countsNote')}
          </p>
          {visible.length === 0 ? (
            <p class="panel-empty">{t('links.noMatch')}</p>
          ) : (
            // biome-ignore lint/a11y/useSemanticElements: a scroller of the table, named by its heading; a fieldset would mean a form.
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroller must be reachable by keyboard (WCAG 2.1.1).
            <div class="table-scroll" role="group" aria-labelledby="links-list" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('links.col.link')}</th>
                    <th scope="col">{t('links.col.short')}</th>
                    <th scope="col">{t('links.col.tags')}</th>
                    <th scope="col" class="num">
                      {t('metric.previews')}
                    </th>
                    <th scope="col" class="num">
                      {t('metric.clicks')}
                    </th>
                    <th scope="col">{t('links.col.created')}</th>
                  </tr>
                </thead>
                <tbody>
                  {visible.slice(0, shown).map((link) => {
                    const metrics = bySlug.get(link.slug);
                    return (
                      <tr key={link.id}>
                        <td>
                          <Link href={keepContext(`/app/links/${seg(link.id)}`)}>
                            {link.title || link.url}
                          </Link>
                          {link.title && <span class="sub">{link.url}</span>}
                          {link.disabled && <span class="badge">{t('links.disabled')}</span>}
                        </td>
                        <td class="nowrap">
                          <code>{link.shortUrl}</code>{' '}
                          <CopyButton
                            text={link.shortUrl}
                            label={t('links.copyShort', { slug: link.slug })}
                          />
                        </td>
                        <td>{(link.tags ?? []).join(', ')}</td>
                        <td class="num">{i18n.number(metrics?.[0] ?? 0)}</td>
                        <td class="num">{i18n.number(metrics?.[1] ?? 0)}</td>
                        <td class="nowrap">{link.createdAt ? i18n.dateTime(link.createdAt) : ''}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {visible.length > shown && (
            <button type="button" class="button secondary" onClick={() => setShown(shown + PAGE)}>
              {t('links.more')}
            </button>
          )}
        </section>
      )}
      <PreviewHealthPanel site={props.site} />
    </>
  );
}
