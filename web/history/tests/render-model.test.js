import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorshipModel, colourMap, diffModel, palette, rootKey, textAt, textColour } from '../render-model.js';
import { contrast as contrastRatio } from '../../table/colours.js';

const anna = { id: 'invitation:a', name: 'Anna Rossi', organisation: 'Comune di Budrio', role: 'pa' };
const bruno = { id: 'invitation:b', name: 'Bruno Neri', organisation: 'Coop. Il Ponte', role: 'ets' };
const carla = { id: 'invitation:c', name: 'Carla Verdi', organisation: 'Associazione Aurora', role: 'ets' };

test('every author colour keeps the text at AA contrast and its swatch visible on white', () => {
  assert.ok(contrastRatio('#000000', '#ffffff') > 20.9);
  for (const { tint, line } of palette) {
    assert.ok(contrastRatio(textColour, tint) >= 4.5, `${tint} behind text`);
    assert.ok(contrastRatio(line, '#ffffff') >= 3, `${line} on white`);
    assert.ok(contrastRatio(line, tint) >= 3, `${line} against its tint`);
  }
  assert.equal(new Set(palette.map((c) => c.tint)).size, palette.length);
});

test('colours follow the people, not the order they appear in', () => {
  const first = colourMap([bruno, anna]);
  const second = colourMap([anna, carla, bruno]);
  assert.equal(first.get(anna.id), second.get(anna.id));
  assert.notEqual(second.get(anna.id), second.get(bruno.id));
});

test('authorship: runs merged per author, a legend of who wrote, tables sorted by characters', () => {
  const answer = {
    text: 'Ciao a tutti, benvenuti.',
    spans: [{ text: 'Ciao ', author: anna }, { text: 'a tutti', author: anna }, { text: ', benvenuti', author: bruno }, { text: '.', author: anna }],
    people: [
      { ...anna, characters: 13, spokenSeconds: 30 },
      { ...bruno, characters: 11, spokenSeconds: 600 },
      { ...carla, characters: 0, spokenSeconds: 45 },
    ],
    organisations: [
      { organisation: 'Comune di Budrio', characters: 13, spokenSeconds: 30 },
      { organisation: 'Coop. Il Ponte', characters: 11, spokenSeconds: 600 },
      { organisation: 'Associazione Aurora', characters: 0, spokenSeconds: 45 },
    ],
  };
  const model = authorshipModel(answer);
  assert.deepEqual(model.segments.map((s) => [s.text, s.authorID, s.label]), [
    ['Ciao a tutti', anna.id, 'Anna Rossi (Comune di Budrio)'],
    [', benvenuti', bruno.id, 'Bruno Neri (Coop. Il Ponte)'],
    ['.', anna.id, 'Anna Rossi (Comune di Budrio)'],
  ]);
  assert.equal(model.segments.map((s) => s.text).join(''), answer.text);
  assert.equal(model.segments[0].colour, model.segments[2].colour);
  assert.notEqual(model.segments[0].colour, model.segments[1].colour);
  assert.deepEqual(model.legend.map((p) => p.name), ['Anna Rossi', 'Bruno Neri'], 'only those who wrote, most first');
  assert.deepEqual(model.people.map((p) => p.name), ['Anna Rossi', 'Bruno Neri', 'Carla Verdi']);
  assert.deepEqual(model.organisations.map((o) => o.organisation), ['Comune di Budrio', 'Coop. Il Ponte', 'Associazione Aurora']);
});

test('authorship: a writer missing from people still gets a legend entry', () => {
  const model = authorshipModel({ text: 'àè', spans: [{ text: 'àè', author: carla }], people: [], organisations: [] });
  assert.deepEqual(model.legend.map((p) => [p.name, p.characters]), [['Carla Verdi', 2]]);
  assert.ok(model.legend[0].colour);
});

test('diff: parts merged per kind and author, counted in characters', () => {
  const model = diffModel({ parts: [
    { kind: 'same', text: 'Il progetto ' },
    { kind: 'delete', text: 'vecchio', author: anna },
    { kind: 'insert', text: 'nuovo', author: bruno },
    { kind: 'insert', text: ' e bello', author: bruno },
    { kind: 'insert', text: '!', author: carla },
    { kind: 'same', text: '' },
    { kind: 'same', text: ' è pronto' },
  ] });
  assert.deepEqual(model.parts.map((p) => [p.kind, p.text, p.label]), [
    ['same', 'Il progetto ', ''],
    ['delete', 'vecchio', 'Anna Rossi (Comune di Budrio)'],
    ['insert', 'nuovo e bello', 'Bruno Neri (Coop. Il Ponte)'],
    ['insert', '!', 'Carla Verdi (Associazione Aurora)'],
    ['same', ' è pronto', ''],
  ]);
  assert.equal(model.inserted, 14);
  assert.equal(model.deleted, 7);
  assert.equal(model.changed, true);
  assert.deepEqual(model.byAuthor.map((a) => [a.label, a.inserted, a.deleted]), [
    ['Bruno Neri (Coop. Il Ponte)', 13, 0], ['Anna Rossi (Comune di Budrio)', 0, 7], ['Carla Verdi (Associazione Aurora)', 1, 0]]);
  const from = model.parts.filter((p) => p.kind !== 'insert').map((p) => p.text).join('');
  const to = model.parts.filter((p) => p.kind !== 'delete').map((p) => p.text).join('');
  assert.equal(from, 'Il progetto vecchio è pronto');
  assert.equal(to, 'Il progetto nuovo e bello! è pronto');
  assert.equal(diffModel({ parts: [{ kind: 'same', text: 'x' }] }).changed, false);
});

test('text paths: root texts and texts inside root maps', () => {
  const documents = { project: 'Progetto', 'minutes:s1': { text: 'Verbale', decisions: [] }, 'proposal:Coop A/B': { goals: 'Obiettivi' } };
  assert.equal(textAt(documents, 'project'), 'Progetto');
  assert.equal(textAt(documents, 'minutes:s1/text'), 'Verbale');
  assert.equal(textAt(documents, 'proposal:Coop A/B/goals'), 'Obiettivi', 'an organisation may have a slash in its name');
  assert.equal(textAt(documents, 'minutes:s1/decisions'), null);
  assert.equal(textAt(documents, 'minutes:s2/text'), null);
  assert.equal(textAt(null, 'project'), null);
  assert.equal(rootKey('project'), 'project');
  assert.equal(rootKey('minutes:s1/text'), 'minutes:s1');
  assert.equal(rootKey('proposal:Coop A/B/goals'), 'proposal:Coop A/B');
});
