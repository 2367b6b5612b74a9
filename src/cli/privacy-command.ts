import { privacyDocsCommand } from './privacy-docs-command.js';
import { privacyEraseCommand } from './privacy-erase-command.js';
import { privacyExportCommand } from './privacy-export-command.js';
import { privacyStatusCommand } from './privacy-status-command.js';
import { groupCommand, type SubCommand } from './sub-commands.js';

/**
 * `penumbra privacy …` (issue #7): the GDPR toolkit from a terminal — status of the modes and
 * the retention job, export and erasure of what is stored, and the generated documents.
 * Each sub-command lives in its own `privacy-*-command.ts` file.
 */
const SUB_COMMANDS: readonly SubCommand[] = [
  privacyStatusCommand,
  privacyExportCommand,
  privacyEraseCommand,
  privacyDocsCommand,
];

export const privacyCommand = groupCommand(
  'privacy',
  'Privacy and GDPR toolkit: status, export, erasure and generated documents (an aid, not legal advice).',
  SUB_COMMANDS,
);
