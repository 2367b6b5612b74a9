import { describe, expect, it } from 'vitest';
import { DOCUMENT_IDS, documentFacts } from '../../../src/privacy/documents/index.js';
import { EN } from '../../../src/privacy/documents/strings-en.js';
import { FR } from '../../../src/privacy/documents/strings-fr.js';
import type { PrivacyMode } from '../../../src/store/store.js';
import { GENERATED_AT, generate, INSTALLATION, SITE, textOf } from './document-fixtures.js';

const MODES: PrivacyMode[] = ['anonymous', 'consented', 'strict'];
const FACTS = documentFacts(SITE, INSTALLATION, GENERATED_AT);
/** Proper names that read the same in both languages. */
const SAME_IN_BOTH = new Set([
  'common.modeName.strict',
  'common.databaseName.sqlite',
  'common.databaseName.postgresql',
  'common.siteLabel()',
]);

/** Every leaf of a strings object as `path → text`; functions are called with sample facts. */
function leaves(node: unknown, path = ''): Map<string, string> {
  const found = new Map<string, string>();
  if (typeof node === 'string') found.set(path, node);
  else if (typeof node === 'function') {
    const value = path.endsWith('months') ? node(13) : node(FACTS);
    for (const [index, text] of (Array.isArray(value) ? value : [value]).entries()) {
      found.set(Array.isArray(value) ? `${path}()[${index}]` : `${path}()`, text);
    }
  } else if (node && typeof node === 'object') {
    // Arrays too: their entries are keyed by index.
    for (const [key, value] of Object.entries(node)) {
      for (const [leafPath, text] of leaves(value, path ? `${path}.${key}` : key)) found.set(leafPath, text);
    }
  }
  return found;
}

describe('the generated documents in English and French', () => {
  it('have the same texts in both language files, each filled in and translated', () => {
    const english = leaves(EN);
    const french = leaves(FR);
    expect([...french.keys()].sort()).toEqual([...english.keys()].sort());
    expect(english.size).toBeGreaterThan(150);
    for (const [path, text] of english) {
      const translated = french.get(path) ?? '';
      expect(text.trim(), path).not.toBe('');
      expect(translated.trim(), path).not.toBe('');
      expect(`${text} ${translated}`, path).not.toMatch(/undefined|NaN|\[object /);
      if (!SAME_IN_BOTH.has(path)) expect(translated, path).not.toBe(text);
    }
  });

  it('give each document the same shape in both languages, with different words', () => {
    for (const privacyMode of MODES) {
      for (const respectDnt of [false, true]) {
        const english = generate('en', { privacyMode, respectDnt });
        const french = generate('fr', { privacyMode, respectDnt });
        expect(english.map((document) => document.id)).toEqual([...DOCUMENT_IDS]);
        expect(french.map((document) => document.id)).toEqual([...DOCUMENT_IDS]);
        english.forEach((document, index) => {
          const other = french[index];
          expect(other?.title).not.toBe(document.title);
          expect(other?.sections.length).toBe(document.sections.length);
          document.sections.forEach((section, at) => {
            const translated = other?.sections[at];
            expect(translated?.heading).not.toBe(section.heading);
            expect(translated?.paragraphs.length).toBe(section.paragraphs.length);
            expect(translated?.items?.length).toBe(section.items?.length);
            section.paragraphs.forEach((paragraph, line) => {
              expect(translated?.paragraphs[line]).not.toBe(paragraph);
            });
          });
        });
      }
    }
  });

  it('write French with the RGPD’s and the CNIL’s words, and English without them', () => {
    const french = generate('fr', { privacyMode: 'consented' });
    const english = generate('en', { privacyMode: 'consented' });
    const record = textOf(french, 'processing-record');
    expect(record).toContain('Registre des activités de traitement');
    // The RGPD's own words (article 4, point 7), not the common « responsable de traitement ».
    expect(record).toContain('responsable du traitement');
    for (const id of DOCUMENT_IDS) expect(textOf(french, id)).not.toContain('responsable de traitement');
    expect(record).toContain('délégué à la protection des données (DPO)');
    expect(record).toContain('article 30, paragraphe 1, du RGPD');
    expect(textOf(french, 'dpia-summary')).toContain('Synthèse pour l’AIPD');
    expect(textOf(french, 'privacy-notice')).toContain('délibération n° 2020-091');
    for (const id of DOCUMENT_IDS) {
      expect(textOf(french, id)).not.toMatch(/\b(the|and|with|of)\b/);
      expect(textOf(english, id)).not.toMatch(/\b(le|les|des|avec|responsable du traitement)\b/);
    }
  });

  it('put non-breaking spaces where French typography wants them', () => {
    for (const document of generate('fr')) {
      const text = [
        document.title,
        ...document.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...(s.items ?? [])]),
      ].join('\n');
      expect(text, document.id).not.toMatch(/ [:;!?»]|« /);
      expect(text, document.id).toContain('\u00a0:');
      expect(document.markdown).toContain('\u00a0:');
    }
  });
});
