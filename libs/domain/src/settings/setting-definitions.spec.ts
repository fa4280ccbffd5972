import { checkSettingValue, isSettingKey, SETTING_DEFINITIONS, SettingKey } from './setting-definitions';

describe('setting definitions', () => {
  it('accepts every default', () => {
    for (const key of Object.keys(SETTING_DEFINITIONS) as SettingKey[]) {
      expect(checkSettingValue(key, SETTING_DEFINITIONS[key].default)).toEqual({ valid: true });
    }
  });

  it('carries DOMAIN.md’s defaults', () => {
    expect(SETTING_DEFINITIONS['transfer.investmentThreshold'].default).toBe(0.25);
    expect(SETTING_DEFINITIONS['preemption.priceRatio'].default).toBe(0.8);
    expect(SETTING_DEFINITIONS['preemption.decisionWorkingDays'].default).toBe(15);
    expect(SETTING_DEFINITIONS['timeLimit.transfer'].default).toBe(5);
    expect(SETTING_DEFINITIONS['transfer.mortgageeConsentRequired'].default).toBe(true);
  });

  it('refuses wrong types, fractions for integers and values out of bounds', () => {
    expect(checkSettingValue('transfer.mortgageeConsentRequired', 1)).toMatchObject({ valid: false });
    expect(checkSettingValue('timeLimit.transfer', 2.5)).toMatchObject({ valid: false });
    expect(checkSettingValue('preemption.priceRatio', 1.2)).toMatchObject({ valid: false });
    expect(checkSettingValue('preemption.priceRatio', '0.8')).toMatchObject({ valid: false });
    expect(checkSettingValue('parcel.overlapToleranceM2', Number.NaN)).toMatchObject({ valid: false });
  });

  it('knows its keys', () => {
    expect(isSettingKey('timeLimit.lease')).toBe(true);
    expect(isSettingKey('toString')).toBe(false);
  });
});
