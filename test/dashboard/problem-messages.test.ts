import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemsEn } from '../../src/dashboard/i18n/problems-en.js';
import { problemsFr } from '../../src/dashboard/i18n/problems-fr.js';
import { ERROR_CATALOGUE } from '../../src/http/errors.js';
import { ROOT } from './dashboard-build.js';

/**
 * Issue 16: every problem `code` the server can answer has the dashboard's own words, in English
 * and in French. The codes are read from the server's source, where they are raised: the
 * catalogue of src/http/errors.ts, the union types of the services' error classes, the first
 * argument of their constructors, the subcodes given to ProblemError, and the two codes built
 * from a field name. A new code raised anywhere in src/ without words here fails this test.
 */
const SOURCES = join(ROOT, 'src');

function serverFiles(dir = SOURCES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return relative(SOURCES, path) === 'dashboard' ? [] : serverFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const literals = (text: string) =>
  [...text.matchAll(/'([a-z][a-z0-9_]*)'/g)].map((match) => match[1] as string);

function codesIn(source: string): string[] {
  const codes: string[] = [];
  // `readonly code: 'a' | 'b'` and `type …Code = | 'a' | 'b'` (comments between members allowed).
  for (const match of source.matchAll(/readonly code:\s*((?:\s*\|?\s*'[a-z_]+')+)/g))
    codes.push(...literals(match[1] ?? ''));
  for (const match of source.matchAll(
    /type \w*(?:Code|ErrorCode) =((?:\s*(?:\/\*\*[\s\S]*?\*\/)?\s*\|?\s*'[a-z_]+')+)/g,
  ))
    codes.push(...literals(match[1] ?? ''));
  // `new LinkInputError('slug_taken', …)`, `fail('target_scheme', …)`, `problem('invalid_date', …)`.
  // (StoreConflictError's first argument is a field: its code is `${field}_taken`, below.)
  for (const match of source.matchAll(/new (?!StoreConflictError)\w+Error\(\s*'([a-z][a-z_]+)'/g))
    codes.push(match[1] as string);
  for (const match of source.matchAll(/\b(?:fail|problem)\(\s*'([a-z][a-z_]+)'/g))
    codes.push(match[1] as string);
  // `new ProblemError('forbidden', message, {}, 'origin_forbidden')` and a subcode chosen by a ternary.
  for (const match of source.matchAll(/\{\},\s*'([a-z][a-z_]+)'\s*\)/g)) codes.push(match[1] as string);
  for (const match of source.matchAll(/const code =\s*[^;]*\?\s*'([a-z_]+)'\s*:\s*'([a-z_]+)'/g))
    codes.push(match[1] as string, match[2] as string);
  // `${field}_too_long` for each text field validated, `${field}_taken` for each unique field.
  for (const match of source.matchAll(/validateText\([^,]+,\s*'([a-z]+)'/g))
    codes.push(`${match[1]}_too_long`);
  const conflict = /class StoreConflictError[\s\S]*?readonly field:\s*((?:\s*\|?\s*'[a-z]+')+)/.exec(source);
  if (conflict) codes.push(...literals(conflict[1] ?? '').map((field) => `${field}_taken`));
  return codes;
}

/** Codes that never reach an HTTP client: `penumbra import-log`'s reasons for a bad line. */
const NOT_HTTP = new Set(['malformed', 'bad_time', 'bad_request']);

function serverCodes(): Set<string> {
  const codes = new Set<string>(Object.keys(ERROR_CATALOGUE));
  for (const file of serverFiles()) for (const code of codesIn(readFileSync(file, 'utf8'))) codes.add(code);
  for (const code of NOT_HTTP) codes.delete(code);
  return codes;
}

describe('the dashboard words every problem code of the server', () => {
  const codes = serverCodes();

  it('finds the codes where the server raises them', () => {
    // A few from each place, so that a scan that finds nothing cannot pass.
    for (const code of [
      'invalid_credentials',
      'slug_reserved',
      'target_scheme',
      'domain_invalid',
      'email_taken',
    ])
      expect(codes).toContain(code);
    for (const code of [
      'unsupported_combination',
      'invalid_date_range',
      'owner_everywhere',
      'table_required',
    ])
      expect(codes).toContain(code);
    for (const code of ['origin_forbidden', 'title_too_long', 'password_common'])
      expect(codes).toContain(code);
    expect(codes.size).toBeGreaterThan(60);
  });

  it('has English and French words for each of them', () => {
    const missing = [...codes].filter((code) => !Object.hasOwn(problemsEn, code)).sort();
    expect(missing, 'codes the server raises without words in problems-en.ts').toEqual([]);
    const untranslated = Object.keys(problemsEn).filter(
      (code) => !problemsFr[code as keyof typeof problemsFr]?.trim(),
    );
    expect(untranslated).toEqual([]);
    // The French words are French: none is the English text left as it was.
    const same = Object.entries(problemsEn)
      .filter(([code, text]) => problemsFr[code as keyof typeof problemsFr] === text)
      .map(([code]) => code);
    expect(same).toEqual([]);
  });
});
