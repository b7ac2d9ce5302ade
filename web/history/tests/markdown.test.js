import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInline, parseMarkdown, renderMarkdown } from '../markdown.js';

test('headings, paragraphs and lists become blocks', () => {
  const blocks = parseMarkdown('# Verbale\n\nPresenti tutti.\nSeconda riga.\n\n- uno\n- **due**\n1. primo\n2) secondo');
  assert.deepEqual(blocks.map((b) => b.type), ['heading', 'paragraph', 'list', 'list']);
  assert.equal(blocks[0].level, 1);
  assert.equal(blocks[1].lines.length, 2);
  assert.equal(blocks[2].ordered, false);
  assert.deepEqual(blocks[2].items[1], [{ text: 'due', strong: true }]);
  assert.equal(blocks[3].ordered, true);
  assert.equal(blocks[3].items.length, 2);
});

test('inline bold, italics and code; stray markers stay text', () => {
  assert.deepEqual(parseInline('a **b** _c_ `d` 2 * 3'), [
    { text: 'a ' }, { text: 'b', strong: true }, { text: ' ' }, { text: 'c', em: true }, { text: ' ' }, { text: 'd', code: true }, { text: ' 2 * 3' },
  ]);
});

/** The smallest DOM the renderer needs, recording what it builds. */
function fakeDocument() {
  const node = (tag) => ({ tag, children: [], append(...c) { this.children.push(...c); } });
  return {
    createDocumentFragment: () => node('#fragment'),
    createElement: (tag) => node(tag),
    createTextNode: (text) => ({ tag: '#text', text }),
  };
}

function html(n) {
  if (n.tag === '#text') return n.text;
  const inner = n.children.map(html).join('');
  return n.tag === '#fragment' ? inner : `<${n.tag}>${inner}</${n.tag}>`;
}

test('markup typed by someone stays text: the renderer only makes text nodes and known elements', () => {
  const fragment = renderMarkdown(fakeDocument(), '## <img src=x onerror=alert(1)>\n<script>alert(1)</script> **ok**');
  assert.equal(html(fragment), '<h4><img src=x onerror=alert(1)></h4><p><script>alert(1)</script> <strong>ok</strong></p>');
  const tags = [];
  const walk = (n) => { tags.push(n.tag); (n.children ?? []).forEach(walk); };
  walk(fragment);
  assert.deepEqual([...new Set(tags)].sort(), ['#fragment', '#text', 'h4', 'p', 'strong']);
});
