import type { AlertRule } from '../store/alert-store.js';
import type { Site } from '../store/store.js';

/** One app and way of sharing behind an alert, and its share of the window's count (0–1). */
export interface AlertApp {
  source: string;
  medium: string;
  share: number;
}

/** Why a spike is not sent now. */
export type AlertHold = 'cooldown' | 'quiet-hours' | 'daily-cap';

/** A page, kit, site or goal over its rule's thresholds in the window just ended. */
export interface AlertCandidate {
  rule: AlertRule;
  site: Site;
  /** A goal's id is its goal id, its label the goal's name. */
  subject: { kind: 'page' | 'kit' | 'site' | 'goal'; id: string; label: string };
  window: { from: number; to: number };
  /** As sent: rounded to 10 on a strict-mode site. */
  count: number;
  /** The usual count over such a window for that hour of the week (rounded like `count`). */
  baseline: number;
  apps: AlertApp[];
  dashboardUrl: string;
  roundedTo?: number;
  /** Absent: it fires. */
  held?: AlertHold;
}
