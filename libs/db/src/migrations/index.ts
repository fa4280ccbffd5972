import { Foundation1764201600000 } from './1764201600000-Foundation';
import { Registry1764288000000 } from './1764288000000-Registry';

/** Listed explicitly so the build needs no file globbing and the order is reviewable. */
export const MIGRATIONS = [Foundation1764201600000, Registry1764288000000];
