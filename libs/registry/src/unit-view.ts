export type { HolderView, LeaseView, MortgageView, RestrictionView, UnitView } from '@app/contract';
