/**
 * Folds Vietnamese text for search: decomposed (NFD), combining marks stripped, đ/Đ to d,
 * lower-cased. 'Quyết định' and 'quyet dinh' fold alike, and so do NFC and NFD spellings.
 */
export const foldText = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
