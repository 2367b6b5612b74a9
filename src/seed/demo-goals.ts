import type { GoalInput } from '../goals/goal-rules.js';
import { GoalService } from '../goals/goal-service.js';
import type { GoalStore } from '../store/goal-store.js';
import type { Site } from '../store/store.js';
import { NEWS_VOCABULARY, type NewsLanguage, newsLanguageOf } from './news-vocabulary.js';

/**
 * The demo site's goals (issue 14): what its generated traffic converts to (traffic-generator.ts
 * `conversion`) — a newsletter sign-up, a paid subscription, a view of the subscription offer
 * page — named in the site's language, so a newcomer's first look at Goals shows conversions by
 * channel, revenue per currency and a funnel to build.
 */
export function demoGoals(language: NewsLanguage): GoalInput[] {
  const offer = `${NEWS_VOCABULARY[language].offer.path}*`;
  return language === 'fr'
    ? [
        { name: 'Inscription à la newsletter', kind: 'event', eventName: 'newsletter_signup' },
        { name: 'Abonnement payant', kind: 'event', eventName: 'subscribe' },
        { name: 'Page d’abonnement', kind: 'page', pathPattern: offer },
      ]
    : [
        { name: 'Newsletter sign-up', kind: 'event', eventName: 'newsletter_signup' },
        { name: 'Paid subscription', kind: 'event', eventName: 'subscribe' },
        { name: 'Subscription offer page', kind: 'page', pathPattern: offer },
      ];
}

/**
 * Gives `site` the demo's goals through the goal service's checks, unless it has goals already
 * (a demo seeded before, or goals its owner made). Made before the events, so their conversions
 * are folded as the events come rather than counted back afterwards.
 */
export async function createDemoGoals(store: GoalStore, site: Site): Promise<number> {
  const goals = new GoalService(store);
  if ((await goals.list(site.id)).length > 0) return 0;
  for (const goal of demoGoals(newsLanguageOf(site))) await goals.create(site.id, goal);
  return demoGoals(newsLanguageOf(site)).length;
}
