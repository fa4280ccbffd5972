import { isValidResidentId } from '@app/domain';
import type { Platform } from './platform';

/** 18 characters shaped like a resident ID, not inside a longer run of digits. */
const ID_SHAPED = /(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])/g;

/** Every resident ID number in `texts` that passes the checksum: what masking should have removed. */
export function unmaskedResidentIds(texts: Iterable<string>): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const [candidate] of text.matchAll(ID_SHAPED)) {
      if (isValidResidentId(candidate.toUpperCase())) found.add(candidate);
    }
  }
  return [...found];
}

/** Starts keeping the platform's responses, so that `unmaskedIn` can scan them with its log lines. */
export function watchForResidentIds(platform: Platform): void {
  platform.responses ??= [];
}

export function unmaskedIn(platform: Platform): string[] {
  return unmaskedResidentIds([...platform.logs.lines, ...(platform.responses ?? [])]);
}
