// RFC 9457: a problem's `title` is a short sentence that does not change from one occurrence of
// the problem to the next; the specifics of this refusal go in `detail`. The title names the
// command refused in the user's language (its label), Vietnamese first.
import { COMMAND_LABELS } from './commands/index.js';
import type { DomainError } from './domain.errors.js';
import type { Label } from './labels.js';

export type Language = keyof Label;

/** The user's language from an Accept-Language header: English if preferred, else Vietnamese. */
export function languageOf(acceptLanguage: string | undefined): Language {
  const first = acceptLanguage
    ?.split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((t) => t.tag.startsWith('vi') || t.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q)[0];
  return first?.tag.startsWith('en') ? 'en' : 'vi';
}

const TITLES: Readonly<Record<string, Label>> = {
  'DRAFT.FORBIDDEN': { vi: 'Bạn không có quyền thực hiện “{command}”', en: 'You may not {command}' },
  'DRAFT.ILLEGAL_TRANSITION': {
    vi: 'Không thể “{command}” ở giai đoạn này',
    en: '{command} is not possible at this stage',
  },
  'DRAFT.GUARD_VIOLATION': {
    vi: 'Không thể “{command}”: trái quy định',
    en: '{command} is refused by a rule',
  },
  'DRAFT.NUMBER_TAKEN': {
    vi: 'Không thể “{command}”: số đã được dùng',
    en: '{command}: the number is taken',
  },
  'DRAFT.ALREADY_EXISTS': { vi: 'Không thể “{command}”: đã tồn tại', en: '{command}: it already exists' },
};
const FALLBACK: Label = { vi: 'Không thể “{command}”', en: '{command} was refused' };

/** The command's label in `lang`, or its name when it has none (a register's command). */
export function commandLabel(command: string, lang: Language): string {
  const labels = COMMAND_LABELS as Readonly<Record<string, Label | undefined>>;
  const label = labels[command];
  if (label) return lang === 'en' ? label.en.charAt(0).toLowerCase() + label.en.slice(1) : label.vi;
  return command;
}

/** The fixed title of a refusal, naming its command in `lang`; undefined when no command is known. */
export function refusalTitle(error: DomainError, lang: Language): string | undefined {
  // "not found" says what was not found; it names no command (the caller may not even see it).
  if (error.command === undefined || error.code === 'DRAFT.NOT_FOUND') return undefined;
  const template = (TITLES[error.code] ?? FALLBACK)[lang];
  const name = commandLabel(error.command, lang);
  const title = template.replace('{command}', name);
  return title.charAt(0).toUpperCase() + title.slice(1);
}
