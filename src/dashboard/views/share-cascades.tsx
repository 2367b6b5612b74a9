import { Link } from '../components/link';
import { ErrorMessage, Loading } from '../components/states';
import { type I18n, useI18n } from '../i18n/i18n';
import { channelLabel, mediumLabel, sourceLabel } from '../i18n/labels';
import type { DateRange } from '../lib/dates';
import type { ActiveFilter } from '../lib/filters';
import { keepContext } from '../lib/router';
import type { StatsSource } from '../lib/stats-source';
import type { CascadeNode, CascadeTree, ShareCascades } from '../lib/types';
import { useAsync } from '../lib/use-async';

/** Trees drawn open at first; the others are one click (or Enter) away. */
const OPEN_TREES = 3;

/** How a view arrived: the app when one is known, else the way (a copied link, no referrer …). */
function arrival(i18n: I18n, node: CascadeNode): string {
  const how = node.source === 'direct' ? mediumLabel(i18n, node.medium) : sourceLabel(i18n, node.source);
  return `${channelLabel(i18n, node.channel)}, ${how}`;
}

function pageOf(i18n: I18n, node: CascadeNode): string {
  return node.path ?? i18n.t('cascades.unknownPage');
}

/** One page view and, nested under it, the views that came through a link copied from it. */
function CascadeItem(props: { node: CascadeNode }) {
  const i18n = useI18n();
  const { node } = props;
  return (
    <li>
      <span class="cascade-node">
        <span class="cascade-generation">{i18n.t('generation.label', { n: node.generation })}</span>{' '}
        <span class="cascade-arrival">{arrival(i18n, node)}</span>{' '}
        <span class="cascade-page">{pageOf(i18n, node)}</span>{' '}
        <time class="cascade-time" dateTime={node.at}>
          {i18n.dateTime(node.at)}
        </time>
        {node.orphan && (
          <>
            {' '}
            <span class="cascade-orphan">{i18n.t('cascades.orphan')}</span>
          </>
        )}
      </span>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child) => (
            <CascadeItem key={child.id} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

function Tree(props: { tree: CascadeTree; index: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { tree, index } = props;
  const page = pageOf(i18n, tree.root);
  return (
    <li class="cascade">
      <details open={index < OPEN_TREES}>
        <summary>
          {t('cascades.treeSummary', { n: index + 1, size: tree.size, depth: tree.depth, page })}
        </summary>
        {tree.shown < tree.size && (
          <p class="panel-note">{t('cascades.cut', { shown: tree.shown, size: tree.size })}</p>
        )}
        <ul class="cascade-tree" aria-label={t('cascades.treeLabel', { n: index + 1, page })}>
          <CascadeItem node={tree.root} />
        </ul>
      </details>
    </li>
  );
}

function Trees(props: { data: ShareCascades; filters: ActiveFilter[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { data } = props;
  const page = props.filters.find((filter) => filter.param === 'page');
  const leftOut = props.filters.filter((filter) => filter.param !== 'page');
  return (
    <>
      <p class="panel-note">{t('cascades.note')}</p>
      {page && <p class="panel-note">{t('cascades.ofPage', { page: page.value })}</p>}
      {leftOut.length > 0 && (
        <p class="panel-note">
          {t('filter.leftOut', {
            filters: leftOut.map((filter) => t(`dimension.${filter.param}`).toLowerCase()).join(', '),
          })}
        </p>
      )}
      {data.truncated && <p class="notice">{t('cascades.truncated')}</p>}
      {data.totalTrees === 0 ? (
        <p class="panel-empty">{t('cascades.empty')}</p>
      ) : (
        <>
          <p>
            {t('cascades.summary', { trees: data.totalTrees, views: data.totalNodes })}
            {data.trees.length < data.totalTrees && ` ${t('cascades.largest', { shown: data.trees.length })}`}
          </p>
          <ol class="cascade-list">
            {data.trees.map((tree, index) => (
              <Tree key={tree.root.id} tree={tree} index={index} />
            ))}
          </ol>
        </>
      )}
    </>
  );
}

/** Sites in other modes have no per-view tokens: say so, and where to change it. */
function NeedsConsent(props: { data: ShareCascades; readOnly: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div class="cascade-consent">
      <p>{t('cascades.needsConsent')}</p>
      <p>{t('cascades.modeIs', { mode: i18n.label(`privacy.${props.data.mode}`, props.data.mode) })}</p>
      {!props.readOnly && (
        <p>
          <Link href={keepContext('/app/sites')}>{t('cascades.toSites')}</Link>
        </p>
      )}
    </div>
  );
}

/**
 * The "Share cascades" panel of the Dark social view (issue #6): in `consented` mode, the largest
 * trees of page views linked by the share tokens they arrived with, as nested lists with
 * connecting lines drawn by styles.css; otherwise a plain explanation.
 */
export function ShareCascadesPanel(props: {
  source: StatsSource;
  range: DateRange;
  filters: ActiveFilter[];
}) {
  const { t } = useI18n();
  const { source, range } = props;
  const page = props.filters.find((filter) => filter.param === 'page')?.value;
  const state = useAsync(
    (signal) => source.cascades(range, page, signal),
    [source.site, source.readOnly, range.search, page],
  );
  return (
    <section class="panel wide" aria-labelledby="cascades">
      <h2 id="cascades">{t('cascades.title')}</h2>
      {state.error && <ErrorMessage error={state.error} onRetry={state.reload} />}
      {!state.data && !state.error && <Loading />}
      {state.data &&
        (state.data.mode === 'consented' ? (
          <Trees data={state.data} filters={props.filters} />
        ) : (
          <NeedsConsent data={state.data} readOnly={source.readOnly} />
        ))}
    </section>
  );
}
