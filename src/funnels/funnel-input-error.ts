/** A funnel that cannot be saved or counted as asked; `code` is stable and shown to API clients. */
export class FunnelInputError extends Error {
  constructor(
    readonly code:
      | 'funnel_name_invalid'
      | 'funnel_steps_count'
      | 'funnel_steps_repeated'
      | 'funnel_step_unknown'
      | 'funnel_step_share'
      | 'funnel_goal_missing',
    message: string,
    readonly field: string,
    /** The 0-based steps concerned (a goal unknown, a share goal, a goal deleted since). */
    readonly steps: number[] = [],
  ) {
    super(message);
    this.name = 'FunnelInputError';
  }
}
