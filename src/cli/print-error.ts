import { GoalInputError } from '../goals/goal-input-error.js';
import { LinkInputError } from '../links/link-input-error.js';
import { DeliveryInputError } from '../outbox/delivery-input-error.js';
import { DataRequestError } from '../privacy/data-request-error.js';
import { SiteInputError } from '../sites/site-input-error.js';
import { StoreConflictError } from '../store/store.js';
import type { CliIo } from './command.js';

/** Input the services refused: printed as `code: message` with exit status 1; other errors go up. */
export async function reportInputErrors(
  io: CliIo,
  command: string,
  work: () => Promise<number>,
): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof LinkInputError ||
      error instanceof SiteInputError ||
      error instanceof DataRequestError ||
      error instanceof DeliveryInputError ||
      error instanceof GoalInputError
    ) {
      io.stderr.write(`penumbra ${command}: ${error.code}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof StoreConflictError) {
      io.stderr.write(`penumbra ${command}: ${error.field}_taken: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
