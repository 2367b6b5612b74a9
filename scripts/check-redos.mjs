#!/usr/bin/env node
/**
 * CI check for super-linear regular expressions (issue 13, finding 8: one user agent froze
 * the server for seconds). Every regular-expression literal and every `new RegExp('…')` with
 * a literal pattern under src/ is found with the TypeScript compiler's own scanner (no
 * guessing where a `/` starts a regex) and handed to recheck, a maintained ReDoS detector
 * (https://makenowjust-labs.github.io/recheck/). A `vulnerable` verdict fails the check with
 * file:line and recheck's attack string.
 *
 * A `new RegExp(expression)` built at run time cannot be checked here: it must say on the line
 * above why it is safe (`// redos-safe: <reason>`), or the check fails too.
 *
 * Usage: node scripts/check-redos.mjs [folder …]   (default: src)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?)$/;
const SAFE_MARK = 'redos-safe:';
/** Bounded so that the whole check stays well under a minute on a shared 2-core machine. */
const RECHECK_PARAMS = { timeout: 10_000 };

function* sourceFiles(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** Splits `/source/flags` as written in the code. */
function splitLiteral(text) {
  const end = text.lastIndexOf('/');
  return { source: text.slice(1, end), flags: text.slice(end + 1) };
}

function isRegExpConstructor(node) {
  return (
    (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'RegExp'
  );
}

/** `const NAME = '…'` of a file, so that `new RegExp(`^${NAME}$`)` can be checked too. */
function stringConstants(file) {
  const constants = new Map();
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const text = literalText(node.initializer, constants);
      if (text !== undefined) constants.set(node.name.text, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return constants;
}

/** The text of a string literal, or of a template whose parts are all known constants. */
function literalText(node, constants) {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (!ts.isTemplateExpression(node)) return undefined;
  let text = node.head.text;
  for (const span of node.templateSpans) {
    const value = ts.isIdentifier(span.expression) ? constants.get(span.expression.text) : undefined;
    if (value === undefined) return undefined;
    text += value + span.literal.text;
  }
  return text;
}

function hasSafeMark(file, node) {
  const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
  const lines = file.text.split('\n');
  // The mark may open a comment of up to three lines right above the constructor.
  return [0, 1, 2, 3].some((back) => lines[line - back]?.includes(SAFE_MARK));
}

/** Every pattern of one file: `{ line, source, flags }`, or `{ line, dynamic: true }`. */
function patternsOf(path) {
  const text = readFileSync(path, 'utf8');
  const kind = path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const found = [];
  const constants = stringConstants(file);
  const lineOf = (node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      found.push({ line: lineOf(node), ...splitLiteral(node.text) });
    } else if (isRegExpConstructor(node)) {
      const [patternArg, flagsArg] = node.arguments ?? [];
      const source = literalText(patternArg, constants);
      const flags = flagsArg === undefined ? '' : literalText(flagsArg, constants);
      if (source !== undefined && flags !== undefined) found.push({ line: lineOf(node), source, flags });
      else if (!hasSafeMark(file, node)) found.push({ line: lineOf(node), dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function main() {
  const folders = process.argv.slice(2);
  const started = Date.now();
  const problems = [];
  let checked = 0;
  for (const folder of folders.length > 0 ? folders : ['src']) {
    for (const path of sourceFiles(folder)) {
      for (const pattern of patternsOf(path)) {
        const where = `${relative(process.cwd(), path)}:${pattern.line}`;
        if (pattern.dynamic) {
          problems.push(`${where}  new RegExp(<expression>) without a "// ${SAFE_MARK} <why>" comment`);
          continue;
        }
        checked += 1;
        const result = checkSync(pattern.source, pattern.flags, RECHECK_PARAMS);
        if (result.status === 'vulnerable') {
          problems.push(
            `${where}  /${pattern.source}/${pattern.flags} is ${result.complexity.type} ` +
              `(${result.complexity.summary}); attack: ${result.attack.pattern}`,
          );
        } else if (result.status === 'unknown') {
          console.warn(
            `${where}  /${pattern.source}/${pattern.flags}: recheck could not decide (${result.error.kind})`,
          );
        }
      }
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length > 0) {
    console.error(
      `check:redos: ${problems.length} super-linear or unchecked pattern(s):\n${problems.join('\n')}`,
    );
    process.exit(1);
  }
  console.log(`check:redos: ${checked} regular expressions are linear (${seconds} s)`);
}

main();
