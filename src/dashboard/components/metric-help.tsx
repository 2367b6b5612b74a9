import { Fragment } from 'preact';
import { useI18n } from '../i18n/i18n';
import { type HelpTopic, helpText, helpWords } from '../i18n/metric-help';

/**
 * A figure's definition behind a native disclosure (`<details>`): opened by click, keyboard or
 * touch, read by screen readers, never a hover-only tooltip (WCAG 1.4.13, 2.1.1).
 */
export function MetricHelp(props: { topic: HelpTopic; label: string }) {
  const { lang } = useI18n();
  return (
    <details class="metric-help" data-help={props.topic}>
      <summary>
        {helpWords(lang).what}
        <span class="offscreen"> ({props.label})</span>
      </summary>
      <p>{helpText(lang, props.topic)}</p>
    </details>
  );
}

/** Where the dark social index first appears: what dark social is, and what the index counts. */
export function DarkSocialDefinition() {
  const { lang } = useI18n();
  const words = helpWords(lang);
  return (
    <p class="definition" data-testid="dark-social-definition">
      <dfn>{words.darkSocial}</dfn>
      {words.colon}
      {inline(helpText(lang, 'dark_social'))} <dfn>{capitalise(words.darkSocialIndex)}</dfn>
      {words.colon}
      {inline(helpText(lang, 'dark_social_index'))}
    </p>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** A definition after a colon starts in lower case ("Dark social: links shared…"). */
const inline = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** Every figure of a page with its definition, as a description list under a disclosure. */
export function Glossary(props: { topics: readonly { topic: HelpTopic; label: string }[] }) {
  const { lang } = useI18n();
  return (
    <details class="panel glossary" data-testid="glossary">
      <summary>{helpWords(lang).glossary}</summary>
      <dl class="facts">
        {props.topics.map(({ topic, label }) => (
          <Fragment key={topic}>
            <dt>{label}</dt>
            <dd>{helpText(lang, topic)}</dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}
