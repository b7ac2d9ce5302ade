// The catalogues, Italian first and English second, and the choice between them. Only Italian
// is loaded up front: English (about 14 KB) is fetched when someone chooses it.
import it from './it.js';

/** The catalogues loaded so far, by language. */
export const catalogues = { it };

/** Italian first: English only when the person chose it (the choice is remembered). */
export function preferredLanguage(storage) {
  const saved = storage?.getItem('tavolo.language');
  return saved === 'en' ? 'en' : 'it';
}

/** Makes `catalogues[language]` available; rejects if it cannot be fetched (then stay in Italian). */
export async function loadCatalogue(language) {
  if (language === 'en') catalogues.en ??= (await import('./en.js')).default;
}
