/**
 * A site role or token scope request that cannot be granted as asked (docs/access.md): `code` is
 * stable, `field` names the culprit. Rendered as 422 `invalid_account` with `code` as subcode.
 */
export class AccessInputError extends Error {
  constructor(
    readonly code: 'site_unknown' | 'owner_everywhere' | 'scope_unknown' | 'scopes_empty',
    message: string,
    readonly field: 'sites' | 'role' | 'allSites' | 'scopes',
  ) {
    super(message);
    this.name = 'AccessInputError';
  }
}
