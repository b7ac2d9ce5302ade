// The catalogues, Italian first and English second, and the choice between them.
import it from './it.js';
import en from './en.js';

export const catalogues = { it, en };

/** Italian first: English only when the person chose it (the choice is remembered). */
export function preferredLanguage(storage) {
  const saved = storage?.getItem('tavolo.language');
  return saved === 'en' ? 'en' : 'it';
}
