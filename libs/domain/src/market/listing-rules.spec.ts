import { checkListing, ListingRegisterFacts } from './listing-rules';
import { Declarations } from './listing-model';

const clean: Declarations = {
  disputed: false,
  seized: false,
  mortgaged: false,
  mortgageeConsent: false,
  leased: false,
  lesseeConsent: false,
  idle: false,
  reserveLand: false,
  grantFeePaid: true,
  coownerConsent: false,
};

const register: ListingRegisterFacts = {
  kind: 'transfer',
  hasCurrentRight: true,
  sellerIsHolder: true,
  coOwned: false,
  rightType: 'granted',
  grantFeePaid: true,
  investmentRatio: '0.30',
  takenBack: false,
  mortgaged: false,
  leased: false,
  seized: false,
  objection: false,
  idleUndisposed: false,
  transferInFlight: false,
  settings: { investmentThreshold: 0.25, mortgageeConsentRequired: true },
};

const codes = (declarations: Declarations, facts: ListingRegisterFacts) =>
  checkListing(declarations, facts).map((finding) =>
    finding.declaration ? `${finding.code}:${finding.declaration}` : finding.code,
  );

describe('listing declarations against the register', () => {
  it('passes truthful declarations on a unit that may be traded', () => {
    expect(checkListing(clean, register)).toEqual([]);
  });

  it('names every declaration the register contradicts, with both answers', () => {
    const [finding] = checkListing(clean, { ...register, leased: true });
    expect(finding).toMatchObject({
      code: 'declaration_contradicts_register',
      declaration: 'leased',
      declared: false,
      register: true,
    });
    expect(codes(clean, { ...register, leased: true })).toEqual([
      'declaration_contradicts_register:leased',
      'lessee_consent_missing',
    ]);
  });

  it('blocks seizure, objection, take-back, undisposed idle land and reserve land even when declared', () => {
    expect(codes({ ...clean, seized: true }, { ...register, seized: true })).toEqual(['seized']);
    expect(codes({ ...clean, disputed: true }, { ...register, objection: true })).toEqual(['disputed']);
    expect(codes(clean, { ...register, takenBack: true })).toEqual(['taken_back']);
    expect(codes({ ...clean, idle: true }, { ...register, idleUndisposed: true })).toEqual([
      'idle_land_undisposed',
    ]);
    expect(codes({ ...clean, reserveLand: true }, register)).toEqual(['reserve_land']);
  });

  it('applies the granted-land transfer rules, but not to a lease', () => {
    const unpaid = { ...register, grantFeePaid: false };
    expect(codes({ ...clean, grantFeePaid: false }, unpaid)).toEqual(['grant_fee_unpaid']);
    expect(codes(clean, { ...register, investmentRatio: '0.20' })).toEqual(['investment_below_threshold']);
    expect(codes(clean, { ...register, kind: 'lease', investmentRatio: '0.20' })).toEqual([]);
  });

  it('needs the consents the situation calls for', () => {
    const mortgaged = { ...register, mortgaged: true };
    expect(codes({ ...clean, mortgaged: true }, mortgaged)).toEqual(['mortgagee_consent_missing']);
    expect(codes({ ...clean, mortgaged: true, mortgageeConsent: true }, mortgaged)).toEqual([]);
    expect(
      codes(
        { ...clean, mortgaged: true },
        { ...mortgaged, settings: { ...register.settings, mortgageeConsentRequired: false } },
      ),
    ).toEqual([]);
    expect(codes(clean, { ...register, coOwned: true })).toEqual(['coowner_consent_missing']);
    expect(codes(clean, { ...register, sellerIsHolder: false })).toEqual(['seller_not_holder']);
    expect(codes(clean, { ...register, transferInFlight: true })).toEqual(['transfer_in_flight']);
    expect(codes(clean, { ...register, kind: 'lease', transferInFlight: true })).toEqual([]);
  });

  it('does not ask about the grant fee of allocated land, which has none', () => {
    expect(
      codes({ ...clean, grantFeePaid: false }, { ...register, rightType: 'allocated', grantFeePaid: false }),
    ).toEqual([]);
  });
});
