import { foldText } from './fold-text.js';

describe('foldText', () => {
  it('strips Vietnamese diacritics and đ', () => {
    expect(foldText('Quyết định về Đất đai')).toBe('quyet dinh ve dat dai');
  });
  it('folds NFC and NFD spellings alike', () => {
    const nfc = 'Nghị quyết'.normalize('NFC');
    const nfd = 'Nghị quyết'.normalize('NFD');
    expect(nfc).not.toBe(nfd);
    expect(foldText(nfd)).toBe(foldText(nfc));
    expect(foldText(nfd)).toBe('nghi quyet');
  });
  it('keeps what is not a letter with a mark', () => {
    expect(foldText('12/2019/QĐ-UBND <script>')).toBe('12/2019/qd-ubnd <script>');
  });
});
