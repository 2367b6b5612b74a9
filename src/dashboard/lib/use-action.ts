import { useState } from 'preact/hooks';

/**
 * Runs a change, keeps its error to show in words, and reloads what it changed: the one way the
 * Settings pages (users, tokens, webhooks, reports) act. `run` answers whether the change worked,
 * so a form can reset itself only then.
 */
export function useAction(reload: () => void) {
  const [error, setError] = useState<Error>();
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setError(undefined);
    try {
      await action();
      reload();
      return true;
    } catch (failure) {
      setError(failure as Error);
      return false;
    }
  };
  return { error, run };
}
