import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import { api, seg } from '../lib/api';
import type { Site } from '../lib/types';

/** `GET /api/sites/:id/demo-progress` (src/http/routes/demo-progress.ts). */
interface DemoProgress {
  state: 'idle' | 'seeding' | 'done' | 'stopped' | 'failed';
  stored: number;
  total: number;
}

/** Once a second while the demo fills: enough to see it move, little for the server. */
const POLL_MS = 1_000;

/**
 * How far a fresh install's demo site has been filled, polled while it fills (issue 16: the first
 * half-minute showed "No data yet"). `onChange` hears `true` while it fills and `false` once done,
 * so the Overview can hide its empty state and then reload its figures.
 */
export function useDemoProgress(site: Site): DemoProgress | undefined {
  const [progress, setProgress] = useState<DemoProgress>();
  useEffect(() => {
    setProgress(undefined);
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.get<DemoProgress>(`/api/sites/${seg(site.id)}/demo-progress`, {
          signal: controller.signal,
        });
        setProgress(next);
        if (next.state === 'seeding') timer = setTimeout(poll, POLL_MS);
      } catch {
        // An older server without the route, or a blip: no progress to show.
      }
    };
    void poll();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [site.id]);
  return progress;
}

/** The progress bar of the demo being filled, with what it means in words. */
export function DemoProgressNotice(props: { progress: DemoProgress }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { stored, total } = props.progress;
  const fraction = total > 0 ? Math.min(1, stored / total) : 0;
  const announced = useAnnouncedStep(fraction);
  return (
    <section class="panel demo-progress" aria-labelledby="demo-progress-title" data-testid="demo-progress">
      <h2 id="demo-progress-title">{t('demo.filling')}</h2>
      <progress
        max={total}
        value={stored}
        aria-labelledby="demo-progress-title"
        aria-valuetext={t('demo.count', { stored, total, percent: i18n.percent(fraction, 0) })}
      />
      <p>{t('demo.count', { stored, total, percent: i18n.percent(fraction, 0) })}</p>
      <p class="panel-note">{t('demo.meanwhile')}</p>
      {/* Screen readers hear every tenth, not every second's count. */}
      <p class="offscreen" role="status">
        {t('demo.announce', { percent: i18n.percent(announced, 0) })}
      </p>
    </section>
  );
}

/** `fraction` floored to a tenth, changing only when the next tenth is reached. */
function useAnnouncedStep(fraction: number): number {
  const step = Math.floor(fraction * 10) / 10;
  const last = useRef(step);
  if (step !== last.current) last.current = step;
  return last.current;
}
