import type { BilingualMessage } from '@app/domain';

/** Text a person reads comes in both languages; `render` joins them the same way everywhere. */
export type Bilingual = BilingualMessage;

export function render(text: Bilingual): string {
  return `${text.zh} / ${text.en}`;
}
