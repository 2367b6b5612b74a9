/**
 * Just enough of an XML well-formedness check (XML 1.0 §2.1) for the SVG the QR renderer makes:
 * one root element, balanced tags, quoted and unique attributes, no stray `<` or bare `&` in text.
 * Returns the root element's name and attributes; throws on anything malformed.
 */
export function parseXmlRoot(xml: string): { name: string; attributes: Record<string, string> } {
  const body = xml.replace(/^\uFEFF?\s*(?:<\?xml[^?]*\?>)?/, '').replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  let root: { name: string; attributes: Record<string, string> } | undefined;
  let index = 0;
  while (index < body.length) {
    const open = body.indexOf('<', index);
    checkText(open < 0 ? body.slice(index) : body.slice(index, open), stack.length > 0);
    if (open < 0) break;
    const close = body.indexOf('>', open);
    if (close < 0) throw new Error('unterminated tag');
    const tag = body.slice(open + 1, close);
    index = close + 1;
    if (tag.startsWith('/')) {
      if (stack.pop() !== tag.slice(1).trim()) throw new Error(`mismatched </${tag.slice(1)}>`);
      continue;
    }
    const element = parseTag(tag);
    if (stack.length === 0) {
      if (root) throw new Error('more than one root element');
      root = element;
    }
    if (!tag.endsWith('/')) stack.push(element.name);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (!root) throw new Error('no root element');
  return root;
}

function checkText(text: string, insideRoot: boolean): void {
  if (!insideRoot && text.trim() !== '') throw new Error('text outside the root element');
  if (/&(?!(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error('bare & in text');
}

function parseTag(tag: string): { name: string; attributes: Record<string, string> } {
  const match = /^([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*\/?$/.exec(
    tag,
  );
  if (!match) throw new Error(`malformed tag <${tag}>`);
  const attributes: Record<string, string> = {};
  for (const [, name = '', double, single] of (match[2] ?? '').matchAll(
    /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g,
  )) {
    if (name in attributes) throw new Error(`duplicate attribute ${name}`);
    attributes[name] = double ?? single ?? '';
  }
  return { name: match[1] ?? '', attributes };
}
