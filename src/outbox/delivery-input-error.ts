/** A webhook or report setting that cannot be accepted; `code` is stable and shown to API clients. */
export class DeliveryInputError extends Error {
  constructor(
    readonly code:
      | 'webhook_url_invalid'
      | 'webhook_url_not_public'
      | 'webhook_events_invalid'
      | 'recipient_address_invalid'
      | 'slack_url_invalid'
      | 'delivery_not_replayable'
      | 'alert_recipient_unknown'
      | 'alert_goal_unknown',
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'DeliveryInputError';
  }
}
