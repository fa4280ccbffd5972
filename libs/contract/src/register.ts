import type { PartyView } from './party';

export interface HolderView {
  party: PartyView;
  share: string;
}

export interface RestrictionView {
  id: string;
  kind: 'seizure' | 'objection' | 'idle';
  reference: string;
  authority: string | null;
  startDate: string;
  endDate: string | null;
  disposalStatus: string | null;
  liftedAt: string | null;
  liftReason: string | null;
}

export interface MortgageView {
  id: string;
  mortgagee: PartyView;
  amount: string;
  maxAmount: boolean;
  rank: number;
  termStart: string;
  termEnd: string;
  certificateNumber: string | null;
}

export interface LeaseView {
  id: string;
  lessee: PartyView;
  termStart: string;
  termEnd: string;
  annualRent: string;
  allocatedLandIncome: boolean;
}

export interface UnitView {
  unitNumber: string;
  districtCode: string;
  location: string;
  landUse: string;
  landGrade: number | null;
  rightType: 'granted' | 'allocated';
  termStart: string | null;
  termEnd: string | null;
  areaM2: string;
  parcelAreaM2: string | null;
  planning: { plotRatio: string | null; buildingDensity: string | null; greenRatio: string | null };
  grantFeePaid: boolean;
  investmentRatio: string;
  takenBackAt: string | null;
  geometry: unknown | null;
  currentRight: { certificateNumber: string | null; holders: HolderView[] } | null;
  mortgages: MortgageView[];
  leases: LeaseView[];
  /** Only the restrictions in force: not lifted, and not past their end date in Wuhai. */
  restrictions: RestrictionView[];
}
