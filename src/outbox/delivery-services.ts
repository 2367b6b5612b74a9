import { AlertService } from '../alerts/alert-service.js';
import type { Config } from '../config.js';
import { withDeadline } from '../events/deadline.js';
import { createMailTransport } from '../mail/mail-transport.js';
import { RecipientService } from '../reports/recipient-service.js';
import { ReportService } from '../reports/report-service.js';
import type { ServiceLog } from '../services.js';
import type { StatsService } from '../stats/stats-service.js';
import type { Store } from '../store/store.js';
import { GoalBatcher } from './goal-batcher.js';
import { LinkBatcher } from './link-batcher.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { WebhookService } from './webhook-service.js';

/** Finished deliveries stay in the log this long. */
const LOG_RETENTION_MS = 30 * 86_400_000;

/** What issue 14's delivery foundation adds to the services: webhooks, recipients, digests and the outbox. */
export interface DeliveryServices {
  webhooks: WebhookService;
  recipients: RecipientService;
  reports: ReportService;
  dispatcher: OutboxDispatcher;
  linkBatcher: LinkBatcher;
  /** goal.converted batches, on the link batches' windows. */
  goalBatcher: GoalBatcher;
  /** "Spreading privately" alerts: rules, evaluation each beat (src/alerts, docs/alerts.md). */
  alerts: AlertService;
  /** One beat of the background work: link batches, due digests, log pruning. The server runs it on a timer. */
  upkeep(): Promise<void>;
  /** The server's timers: the dispatcher's ticks and the upkeep. */
  start(): void;
  /** Stops both, waiting for attempts in flight until `deadline`, and closes the SMTP transport. */
  stop(deadline?: number): Promise<void>;
}

export function createDeliveryServices(
  config: Readonly<Config>,
  store: Store,
  stats: StatsService,
  log: ServiceLog | undefined,
): DeliveryServices {
  const settings = config.delivery;
  const allowLoopback = config.outboundAllowLoopback;
  // No transport without PENUMBRA_SMTP_URL: no mail is sent, and the API and dashboard say so.
  const mail = config.smtpUrl
    ? createMailTransport(config.smtpUrl, config.mailFrom, settings.timeoutMs)
    : undefined;
  const webhooks = new WebhookService(store.outbox, { allowLoopback, retryWindowMs: settings.retryWindowMs });
  const recipients = new RecipientService(store, { allowLoopback, baseUrl: config.baseUrl });
  const reports = new ReportService({
    store,
    stats,
    recipients,
    webhooks,
    baseUrl: config.baseUrl,
    mailConfigured: mail !== undefined,
    retryWindowMs: settings.retryWindowMs,
  });
  const dispatcher = new OutboxDispatcher({
    outbox: store.outbox,
    recipients: store.recipients,
    mail,
    allowLoopback,
    settings,
    now: Date.now,
    log,
  });
  // Events reach the store within a second or two of happening (the sink's batches, the writer thread).
  const linkBatcher = new LinkBatcher({
    store,
    webhooks,
    windowMs: settings.batchWindowMs,
    lagMs: Math.min(10_000, settings.batchWindowMs / 2),
  });
  const goalBatcher = new GoalBatcher({
    store,
    webhooks,
    windowMs: settings.batchWindowMs,
    lagMs: Math.min(10_000, settings.batchWindowMs / 2),
  });
  const alerts = new AlertService({
    store,
    recipients,
    webhooks,
    baseUrl: config.baseUrl,
    mailConfigured: mail !== undefined,
    retryWindowMs: settings.retryWindowMs,
  });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let beat: Promise<void> = Promise.resolve();
  const upkeep = async () => {
    const step = (name: string, work: () => Promise<unknown>) =>
      work().catch((error) => log?.error({ err: error }, `${name} failed; trying again at the next beat`));
    await step('link batches', () => linkBatcher.run());
    await step('goal batches', () => goalBatcher.run());
    await step('scheduled digests', () => reports.runDue());
    await step('alerts', () => alerts.run());
    await step('delivery log pruning', () =>
      store.outbox.pruneDeliveries(new Date(Date.now() - LOG_RETENTION_MS).toISOString()),
    );
  };
  return {
    webhooks,
    recipients,
    reports,
    dispatcher,
    linkBatcher,
    goalBatcher,
    alerts,
    upkeep,
    start() {
      dispatcher.start();
      // Batches close every window; digests fall due at a local midnight: a beat a minute at most.
      const every = Math.min(settings.batchWindowMs / 2, 60_000);
      const loop = () => {
        beat = upkeep().finally(() => {
          if (!stopped) timer = setTimeout(loop, every).unref();
        });
      };
      timer = setTimeout(loop, every).unref();
    },
    async stop(deadline) {
      stopped = true;
      clearTimeout(timer);
      await dispatcher.stop(deadline);
      await withDeadline(beat, deadline ?? Number.POSITIVE_INFINITY);
      mail?.close();
    },
  };
}
