import { afterEach, beforeEach, describe } from 'vitest';
import { accountContract } from './contract/account-contract.js';
import { auditContract } from './contract/audit-contract.js';
import { dataScopeContract } from './contract/data-scope-contract.js';
import { edgeMonthContract } from './contract/edge-month-contract.js';
import { eventContract } from './contract/event-contract.js';
import type { ContractStore } from './contract/fixtures.js';
import { foldContract } from './contract/fold-contract.js';
import { funnelRollupContract } from './contract/funnel-rollup-contract.js';
import { goalContract } from './contract/goal-contract.js';
import { linkContract } from './contract/link-contract.js';
import { linkDeletionContract } from './contract/link-deletion-contract.js';
import { linkListingContract } from './contract/link-listing-contract.js';
import { measurementEventContract } from './contract/measurement-event-contract.js';
import { migrateContract } from './contract/migrate-contract.js';
import { privacyContract } from './contract/privacy-contract.js';
import { rollupContract } from './contract/rollup-contract.js';
import { saltContract } from './contract/salt-contract.js';
import { siteContract } from './contract/site-contract.js';
import { tokenContract } from './contract/token-contract.js';

export type { ContractStore } from './contract/fixtures.js';

/**
 * The behaviour every `Store` adapter must show (DESIGN.md §6, after Hono's
 * `runTest({ newRouter })`). `makeStore` returns a fresh, empty, not yet migrated store for each
 * test; the suite migrates it and closes it afterwards.
 *
 * @example
 * storeContract('sqlite', async () => openSqliteStore({ file: tempFile() }));
 */
export function storeContract(name: string, makeStore: () => Promise<ContractStore>): void {
  describe(`Store contract: ${name}`, () => {
    let current: ContractStore | undefined;
    const store = (): ContractStore => {
      if (current === undefined) throw new Error('no store: used outside a test');
      return current;
    };

    beforeEach(async () => {
      current = await makeStore();
      await current.migrate();
    });

    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    migrateContract(store);
    siteContract(store);
    linkContract(store);
    linkListingContract(store);
    linkDeletionContract(store);
    eventContract(store);
    measurementEventContract(store);
    saltContract(store);
    tokenContract(store);
    privacyContract(store);
    rollupContract(store);
    edgeMonthContract(store);
    foldContract(store);
    goalContract(store);
    funnelRollupContract(store);
    dataScopeContract(store);
    accountContract(store);
    auditContract(store);
  });
}
