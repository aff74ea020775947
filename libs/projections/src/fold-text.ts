/**
 * Folds Vietnamese text for search: decomposed (NFD), combining marks stripped, đ/Đ to d,
 * zero-width and bidirectional marks dropped, controls read as spaces, lower-cased.
 * 'Quyết định' and 'quyet dinh' fold alike, and so do NFC and NFD spellings and a
 * 'Zero\u200bWidth' pasted into a search.
 */
export const foldText = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
