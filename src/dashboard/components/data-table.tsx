import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import { ErrorMessage } from './states';

export interface Column<Row> {
  label: string;
  cell: (row: Row) => ComponentChildren;
  numeric?: boolean;
}

/**
 * A captioned table in a panel: a heading (the table's name for assistive technology), an
 * optional CSV export, and a message when there is no row. Wide tables scroll on their own, and
 * the scroller is focusable so keyboard users can scroll it too.
 */
export function DataTable<Row>(props: {
  id: string;
  title: string;
  description?: ComponentChildren;
  columns: Column<Row>[];
  rows: Row[];
  empty: ComponentChildren;
  onCsv?: () => Promise<void>;
  rowKey: (row: Row, index: number) => string;
}) {
  const { t } = useI18n();
  const [csvError, setCsvError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const headingId = `${props.id}-title`;
  return (
    <section class="panel" aria-labelledby={headingId}>
      <header class="panel-header">
        <h2 id={headingId}>{props.title}</h2>
        {props.onCsv && (
          <button
            type="button"
            class="button small secondary"
            disabled={busy}
            aria-label={t('action.csvOf', { table: props.title })}
            onClick={async () => {
              setBusy(true);
              setCsvError(undefined);
              try {
                await props.onCsv?.();
              } catch (error) {
                setCsvError(error as Error);
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('action.csv')}
          </button>
        )}
      </header>
      {props.description && <div class="panel-note">{props.description}</div>}
      {csvError && <ErrorMessage error={csvError} />}
      {props.rows.length === 0 ? (
        <div class="panel-empty">{props.empty}</div>
      ) : (
        // biome-ignore lint/a11y/useSemanticElements: a scroller of the table, named by its heading; a fieldset would mean a form.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroller must be reachable by keyboard (WCAG 2.1.1).
        <div class="table-scroll" role="group" aria-labelledby={headingId} tabIndex={0}>
          <table>
            <thead>
              <tr>
                {props.columns.map((column) => (
                  <th key={column.label} scope="col" class={column.numeric ? 'num' : undefined}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row, index) => (
                <tr key={props.rowKey(row, index)}>
                  {props.columns.map((column) => (
                    <td key={column.label} class={column.numeric ? 'num' : undefined}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
