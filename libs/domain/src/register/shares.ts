/**
 * Co-ownership shares (共有份额) are decimal strings with up to eight places. Thirds and sixths cannot be
 * written exactly, so a sum within one millionth of 1 is accepted, the same tolerance the database uses.
 */
const SCALE = 100_000_000n;
const TOLERANCE = 100n;
const SHARE_PATTERN = /^(0(\.[0-9]{1,8})?|1(\.0{1,8})?)$/;

export function isShare(value: string): boolean {
  return SHARE_PATTERN.test(value) && toScaled(value) > 0n;
}

function toScaled(value: string): bigint {
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(8, '0'));
}

export function sharesSumToOne(shares: readonly string[]): boolean {
  if (shares.length === 0 || !shares.every(isShare)) return false;
  const total = shares.reduce((sum, share) => sum + toScaled(share), 0n);
  const difference = total > SCALE ? total - SCALE : SCALE - total;
  return difference <= TOLERANCE;
}
