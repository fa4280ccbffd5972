import { Foundation1764201600000 } from './1764201600000-Foundation';

/** Listed explicitly so the build needs no file globbing and the order is reviewable. */
export const MIGRATIONS = [Foundation1764201600000];
