/** A goal that cannot be saved as asked; `code` is stable and shown to API clients (docs/goals.md). */
export class GoalInputError extends Error {
  constructor(
    readonly code:
      | 'goal_kind_invalid'
      | 'goal_name_invalid'
      | 'goal_name_taken'
      | 'goal_path_invalid'
      | 'goal_event_invalid'
      | 'goal_property_invalid'
      | 'goal_share_way_invalid'
      | 'goal_limit_reached',
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'GoalInputError';
  }
}
