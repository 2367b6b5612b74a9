import { describe, expect, it } from 'vitest';
import { bundleMarkdown } from '../../../src/privacy/documents/index.js';
import { escapeMarkdown } from '../../../src/privacy/documents/render-markdown.js';
import { generate } from './document-fixtures.js';

describe('the documents as Markdown', () => {
  it('renders the title, each section heading, its paragraphs and its items', () => {
    const [record] = generate('en');
    expect(
      record?.markdown.startsWith(
        '# Record of processing activities — audience measurement of Example News (news.example.org)\n\n## About this document\n\n',
      ),
    ).toBe(true);
    for (const section of record?.sections ?? []) {
      expect(record?.markdown).toContain(`\n## ${escapeMarkdown(section.heading)}\n`);
      for (const item of section.items ?? [])
        expect(record?.markdown).toContain(`\n- ${escapeMarkdown(item)}\n`);
    }
    expect(record?.markdown).toContain('(utm\\_\\*)');
  });

  it('keeps a site name as text: no HTML, link or emphasis reaches the Markdown', () => {
    const name = '<img src=x onerror=alert(1)> [win](javascript:alert(1)) *Shop* # 1. `x`';
    const documents = generate('en', { name });
    const [record] = documents;
    expect(record?.title).toContain(name);
    for (const document of documents) {
      expect(document.markdown).not.toMatch(/(^|[^\\])<img/m);
      expect(document.markdown).not.toMatch(/[^\\]\]\(/);
      expect(document.markdown).not.toMatch(/(^|[^\\])\*Shop/m);
      expect(document.markdown).toContain(
        '\\<img src=x onerror=alert(1)\\> \\[win\\](javascript:alert(1)) \\*Shop\\*',
      );
    }
  });

  it('escapes what would start a heading or a list at the start of a line', () => {
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('- not an item')).toBe('\\- not an item');
    expect(escapeMarkdown('12. not a list')).toBe('12\\. not a list');
    expect(escapeMarkdown('two\nlines')).toBe('two lines');
  });

  it('joins the three documents into one file', () => {
    const documents = generate('fr');
    const file = bundleMarkdown({ documents });
    expect(file.split('\n---\n').length).toBe(3);
    expect(file.match(/^# /gm)?.length).toBe(3);
    expect(file).toContain('# Registre des activités de traitement');
    expect(file).toContain('# Mesure d’audience sur Example News');
    expect(file).toContain('# Synthèse pour l’AIPD');
  });
});
