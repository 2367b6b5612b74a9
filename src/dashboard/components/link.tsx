import type { ComponentChildren } from 'preact';
import { onLinkClick } from '../lib/router';

/** An in-app link: a real `<a href>` (so it opens in a new tab too) that navigates without reload. */
export function Link(props: {
  href: string;
  children: ComponentChildren;
  class?: string;
  'aria-current'?: 'page' | undefined;
}) {
  return (
    <a href={props.href} class={props.class} aria-current={props['aria-current']} onClick={onLinkClick}>
      {props.children}
    </a>
  );
}
