import type { InstallCheck } from '../sites/install-check.js';

function originLabel(origin: string): string {
  if (origin === '') return '(no Origin header)';
  if (origin === 'null') return '(opaque origin "null")';
  return origin;
}

/** `penumbra sites check`'s text: the state in one line, then the origins seen and refused. */
export function describeInstall(check: InstallCheck): string {
  const lines: string[] = [];
  if (check.status === 'seen') {
    lines.push(
      `${check.domain}: snippet seen, last event at ${check.lastSeenAt} from ${check.lastSeenOrigin}.`,
    );
  } else if (check.status === 'refused') {
    lines.push(
      `${check.domain}: events arrived, but every one was refused (see below). Nothing is recorded yet.`,
    );
  } else {
    lines.push(
      `${check.domain}: waiting for the first event. No event from the snippet has reached Penumbra yet.`,
    );
    lines.push(`  Put ${check.snippet} on a page and open it.`);
  }
  lines.push(`Allowed hosts: ${check.allowedHosts.join(', ')} (any scheme and port).`);
  for (const seen of check.seen) {
    lines.push(`  seen     ${originLabel(seen.origin)}: ${seen.events} event(s), last ${seen.lastAt}`);
  }
  for (const refused of check.refused) {
    const state = refused.allowedNow ? ' (allowed now)' : '';
    lines.push(
      `  refused  ${originLabel(refused.origin)}: ${refused.attempts} attempt(s), last ${refused.lastAt}${state}`,
    );
    if (!refused.allowedNow) lines.push(`           ${refused.message}`);
  }
  return lines.join('\n');
}
