import { test } from 'node:test';
import assert from 'node:assert/strict';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';

const catalogues = { it, en };

/** Every key path of an object, nested ones as "a.b". */
function keys(object, prefix = '') {
  return Object.entries(object).flatMap(([key, value]) => (value && typeof value === 'object'
    ? keys(value, `${prefix}${key}.`)
    : [`${prefix}${key}:${typeof value}`])).sort();
}

test('the history strings exist in both languages with the same keys and kinds', () => {
  assert.deepEqual(keys(catalogues.en.history), keys(catalogues.it.history));
  assert.notEqual(catalogues.it.history.pageTitle, catalogues.en.history.pageTitle);
});
