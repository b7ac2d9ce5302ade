import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarkdown, parseInline } from '../markdown.js';
import { formatSplice } from '../format.js';

test('HTML in the input stays text', () => {
  const tree = parseMarkdown('<script>alert(1)</script>\n<img src=x onerror=alert(1)> **<b>x</b>**');
  assert.deepEqual(tree, [{ tag: 'p', children: ['<script>alert(1)</script>', { tag: 'br', children: [] },
    '<img src=x onerror=alert(1)> ', { tag: 'strong', children: ['<b>x</b>'] }] }]);
});

test('only safe link targets become links (every case: links.test.js)', () => {
  assert.equal(parseInline('[sito](https://comune.it/a)')[0].attrs.href, 'https://comune.it/a');
  assert.deepEqual(parseInline('[x](javascript:alert(1))'), ['[x](javascript:alert(1))']);
  assert.deepEqual(parseInline('[x](data:text/html,hi)'), ['[x](data:text/html,hi)']);
});

test('blocks: headings shift two levels, lists, quotes, code, rules', () => {
  const tree = parseMarkdown('# Verbale\n\n- uno\n- *due*\n\n1. primo\n2) secondo\n\n> citato\n\n```\n**no**\n```\n---\ntesto `a*b*` e snake_case_name');
  assert.deepEqual(tree.map((b) => b.tag), ['h3', 'ul', 'ol', 'blockquote', 'pre', 'hr', 'p']);
  assert.deepEqual(tree[1].children[1], { tag: 'li', children: [{ tag: 'em', children: ['due'] }] });
  assert.deepEqual(tree[4].children[0].children, ['**no**']);
  assert.deepEqual(tree[6].children, ['testo ', { tag: 'code', children: ['a*b*'] }, ' e snake_case_name']);
  assert.deepEqual(parseInline('\\*non corsivo\\*'), ['*non corsivo*']);
});

test('toolbar formats edit the Markdown source', () => {
  assert.deepEqual(formatSplice('ciao mondo', 5, 10, 'bold'), { from: 5, to: 10, text: '**mondo**', select: [7, 12] });
  assert.deepEqual(formatSplice('ciao', 4, 4, 'italic', 'testo'), { from: 4, to: 4, text: '*testo*', select: [5, 10] });
  assert.deepEqual(formatSplice('a\nriga', 3, 3, 'heading'), { from: 2, to: 2, text: '## ', select: [6, 6] });
  assert.deepEqual(formatSplice('a\n## riga', 5, 5, 'heading'), { from: 2, to: 5, text: '', select: [2, 2] });
  assert.equal(formatSplice('uno\ndue', 0, 7, 'list').text, '- uno\n- due');
  const link = formatSplice('vedi sito', 5, 9, 'link');
  assert.equal(link.text, '[sito](https://)');
  const after = 'vedi ' + link.text;
  assert.equal(after.slice(...link.select), 'https://');
});
