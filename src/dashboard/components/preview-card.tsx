import type { AppReport } from '../../previews/preview-report.js';
import { fillWords, type PreviewLabWords } from '../i18n/preview-lab-words';
import './preview-card.css';

/** The image of a card: inline data when the lab sent it, else a box of the image's shape. */
function CardImage(props: {
  report: AppReport;
  images: Record<string, string>;
  words: PreviewLabWords;
  thumb: boolean;
}) {
  const image = props.report.card.image;
  if (!image) return null;
  const size = { width: image.width ?? 1200, height: image.height ?? 630 };
  const data = props.images[image.url];
  const className = props.thumb ? 'pcard-thumb' : 'pcard-image';
  if (data) {
    return (
      <img
        class={className}
        src={data}
        alt={fillWords(props.words.image, size)}
        width={size.width}
        height={size.height}
      />
    );
  }
  return (
    <div class={`${className} pcard-image-box`} style={{ aspectRatio: `${size.width} / ${size.height}` }}>
      <span>{fillWords(props.words.imageHidden, size)}</span>
    </div>
  );
}

/**
 * One app's card, laid out as that app draws it (preview-card.css): a chat bubble for WhatsApp,
 * Signal and Messages, an embed with a side bar for Slack, Discord and Telegram, a feed card for
 * Facebook, LinkedIn and X. Text is already cut at the app's lengths by the lab.
 */
export function PreviewCard(props: {
  report: AppReport;
  images: Record<string, string>;
  theme: 'light' | 'dark';
  words: PreviewLabWords;
}) {
  const { report, words } = props;
  const { card } = report;
  const theme = report.themes.includes(props.theme) ? props.theme : (report.themes[0] ?? 'light');
  const label = fillWords(words.cardOf, { app: report.name });
  if (card.layout === 'none') {
    return (
      <div class={`pcard pcard-${report.app} pcard-${theme} pcard-none`} role="img" aria-label={label}>
        <div class="pcard-bubble">
          <p class="pcard-bare">{report.fetch.url}</p>
          <p class="pcard-note">{words.noCard}</p>
        </div>
      </div>
    );
  }
  const style = card.themeColor ? { borderLeftColor: card.themeColor } : undefined;
  return (
    <figure class={`pcard pcard-${report.app} pcard-${theme} pcard-${card.layout}`} aria-label={label}>
      <div class="pcard-bubble" style={style}>
        {card.layout === 'large' && (
          <CardImage report={report} images={props.images} words={words} thumb={false} />
        )}
        <div class="pcard-body">
          <div class="pcard-text">
            {card.siteName && <p class="pcard-site">{card.siteName}</p>}
            {card.title && <p class="pcard-title">{card.title}</p>}
            {card.description && <p class="pcard-description">{card.description}</p>}
            <p class="pcard-domain">{card.domain}</p>
          </div>
          {card.layout === 'small' && (
            <CardImage report={report} images={props.images} words={words} thumb={true} />
          )}
        </div>
      </div>
    </figure>
  );
}
