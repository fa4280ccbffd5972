import { computeResidentIdCheckChar, generateUscc } from '@app/domain';

let sequence = 0;

/** A valid resident ID with a unique serial, born in Wuhai's Haibowan district on the given day. */
export function residentId(birthDate = '19800101'): string {
  sequence += 1;
  const body = `150302${birthDate}${String(sequence % 1000).padStart(3, '0')}`;
  return body + computeResidentIdCheckChar(body);
}

export function uscc(): string {
  return generateUscc();
}

export function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36)}${sequence}`;
}

export const PASSWORD = 'Passw0rd-for-tests';
