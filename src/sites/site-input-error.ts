/** A site field that cannot be accepted; `code` is stable and shown to API clients. */
export class SiteInputError extends Error {
  constructor(
    readonly code:
      | 'domain_invalid'
      | 'timezone_invalid'
      | 'name_invalid'
      | 'fallback_invalid'
      | 'privacy_mode_invalid'
      | 'landing_paths_invalid'
      | 'retention_invalid'
      | 'origins_invalid'
      | 'query_params_invalid',
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'SiteInputError';
  }
}
