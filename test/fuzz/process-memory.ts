import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes, from Linux's /proc/<pid>/status (proc(5), VmRSS). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kilobytes) * 1024;
}

export const MB = 1024 * 1024;
