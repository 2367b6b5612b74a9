import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

/**
 * A view's heading: the document title follows it, and it takes the focus after an in-app
 * navigation (focusable with tabindex -1), so screen readers announce the new page.
 */
export function PageHeader(props: {
  title: string;
  siteName?: string | undefined;
  children?: ComponentChildren;
}) {
  useEffect(() => {
    document.title = props.siteName
      ? `${props.title} · ${props.siteName} · Penumbra`
      : `${props.title} · Penumbra`;
  }, [props.title, props.siteName]);
  return (
    <div class="page-header">
      <h1 tabIndex={-1}>{props.title}</h1>
      {props.children && <div class="page-actions">{props.children}</div>}
    </div>
  );
}
