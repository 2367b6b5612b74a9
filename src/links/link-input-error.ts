/**
 * Input to the link service that cannot be used as given. `code` is stable (clients and the HTTP
 * layer's problem details key on it), `message` is an English sentence that says what to do, and
 * `field` names the input at fault so a form can show the message next to it.
 */
export class LinkInputError extends Error {
  override readonly name = 'LinkInputError';

  constructor(
    readonly code: string,
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
