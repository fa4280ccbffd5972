import { Foundation1764201600000 } from './1764201600000-Foundation';
import { Registry1764288000000 } from './1764288000000-Registry';
import { RateLimit1764374400000 } from './1764374400000-RateLimit';
import { StoredFile1764460800000 } from './1764460800000-StoredFile';
import { MaterialChecklist1764547200000 } from './1764547200000-MaterialChecklist';
import { Registration1764633600000 } from './1764633600000-Registration';
import { AcceptanceWindows1764720000000 } from './1764720000000-AcceptanceWindows';
import { Market1764806400000 } from './1764806400000-Market';
import { UnitImport1764892800000 } from './1764892800000-UnitImport';
import { BidderIndex1764979200000 } from './1764979200000-BidderIndex';

/** Listed explicitly so the build needs no file globbing and the order is reviewable. */
export const MIGRATIONS = [
  Foundation1764201600000,
  Registry1764288000000,
  RateLimit1764374400000,
  StoredFile1764460800000,
  MaterialChecklist1764547200000,
  Registration1764633600000,
  AcceptanceWindows1764720000000,
  Market1764806400000,
  UnitImport1764892800000,
  BidderIndex1764979200000,
];
