/** Truthful declarations for a granted, fully paid, unencumbered unit: what the tests' units are by default. */
export const CLEAN_DECLARATIONS = {
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
