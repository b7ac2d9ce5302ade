// Link targets in the table and history pages, on the cases the exports are tested on too
// (Tests/Fixtures/links.json, read by Tests/TavoloExportTests/LinkTargetTests.swift).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { linkTarget, parseInline, parseMarkdown } from '../markdown.js';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';

const { cases } = JSON.parse(readFileSync(new URL('../../../Tests/Fixtures/links.json', import.meta.url), 'utf8'));
const shown = (target) => JSON.stringify(target);
const anchors = (tree) => tree.flatMap((part) => (typeof part === 'string' ? [] : part.tag === 'a' ? [part] : anchors(part.children)));
const text = (tree) => tree.map((part) => (typeof part === 'string' ? part : text(part.children))).join('');

test('every target of the shared fixture is classified as the exports classify it', () => {
  for (const { target, kind, href } of cases) {
    assert.deepEqual(linkTarget(target), kind === 'refused' ? { kind } : { kind, href }, shown(target));
  }
});

test('[x](target): external links open apart and say so, relative ones stay, the rest is the text typed', () => {
  for (const { target, kind, href } of cases.filter((c) => !/[)\n\r]/.test(c.target))) {
    const tree = parseInline(`[x](${target})`);
    if (kind === 'refused') {
      assert.deepEqual(anchors(tree), [], shown(target));
      assert.equal(text(tree), `[x](${target})`, shown(target));
    } else if (kind === 'relative') {
      assert.deepEqual(tree, [{ tag: 'a', attrs: { href }, children: ['x'] }], shown(target));
    } else {
      assert.deepEqual(tree, [{
        tag: 'a', attrs: { href, target: '_blank', rel: 'noopener noreferrer' },
        children: ['x', ' ', { tag: 'span', attrs: { class: 'external-link', role: 'img', 'aria-label': it.externalLink }, children: ['↗'] }],
      }], shown(target));
    }
  }
});

test('a protocol-relative link is external, never a link that looks local (issue 14)', () => {
  const [link] = anchors(parseMarkdown('Vedi [il sito](//evil.example/x) e [la storia](/history.html).'));
  assert.equal(link.attrs.href, 'https://evil.example/x');
  assert.equal(link.attrs.target, '_blank');
  assert.equal(link.attrs.rel, 'noopener noreferrer');
  assert.equal(text([link]), 'il sito ↗');
  const [, local] = anchors(parseMarkdown('Vedi [il sito](//evil.example/x) e [la storia](/history.html).'));
  assert.deepEqual(local.attrs, { href: '/history.html' });
});

test('the external sign is labelled in the language of the page, Italian unless told', () => {
  const label = (strings) => anchors(parseMarkdown('- [a](https://example.org)', strings))[0].children.at(-1).attrs['aria-label'];
  assert.equal(label(), 'link esterno, si apre in una nuova scheda');
  assert.equal(label(en), 'external link, opens in a new tab');
});

test('a refused link leaves its label to be read as Markdown, as the exports do', () => {
  assert.deepEqual(parseInline('[**x**](javascript:alert(1)) poi [y](https://example.org)').slice(0, 3),
    ['[', { tag: 'strong', children: ['x'] }, '](javascript:alert(1)) poi ']);
});
