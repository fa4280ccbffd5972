/** Text a person reads comes in both languages; `render` joins them the same way everywhere. */
export interface Bilingual {
  zh: string;
  en: string;
}

export function bilingual(zh: string, en: string): Bilingual {
  return { zh, en };
}

export function render(text: Bilingual): string {
  return `${text.zh} / ${text.en}`;
}
