import { expect } from 'vitest';
import { LinkInputError } from '../../src/links/link-input-error.js';

/** Runs `action`, expects a `LinkInputError` with `code` (and `field`), and returns it. */
export function expectLinkError(action: () => unknown, code: string, field?: string): LinkInputError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LinkInputError);
  const error = caught as LinkInputError;
  expect(error.code).toBe(code);
  if (field !== undefined) expect(error.field).toBe(field);
  expectSentence(error.message);
  return error;
}

/** Same for an async action. */
export async function expectLinkErrorAsync(
  action: () => Promise<unknown>,
  code: string,
  field?: string,
): Promise<LinkInputError> {
  const caught = await action().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(LinkInputError);
  const error = caught as LinkInputError;
  expect(error.code).toBe(code);
  if (field !== undefined) expect(error.field).toBe(field);
  expectSentence(error.message);
  return error;
}

/** Messages are English sentences: a capital or quote first, a full stop last. */
function expectSentence(message: string): void {
  expect(message).toMatch(/^["A-Z0-9]/);
  expect(message).toMatch(/\.$/);
}
