/** First-level classes of GB/T 21010-2017 that construction-land use rights are granted or allocated for. */
export const LAND_USE_CLASSES = {
  '05': { zh: '商服用地', en: 'commercial' },
  '06': { zh: '工矿仓储用地', en: 'industrial, mining and storage' },
  '07': { zh: '住宅用地', en: 'residential' },
  '08': { zh: '公共管理与公共服务用地', en: 'public administration and services' },
  '09': { zh: '特殊用地', en: 'special use' },
  '10': { zh: '交通运输用地', en: 'transport' },
} as const;

export type LandUseClass = keyof typeof LAND_USE_CLASSES;

export function landUseClassOf(landUse: string): string {
  return landUse.slice(0, 2);
}

export function isLandUseClass(value: string): value is LandUseClass {
  return Object.prototype.hasOwnProperty.call(LAND_USE_CLASSES, value);
}

/** A second-level GB/T 21010 code (four digits) under one of the construction-land classes. */
export function isConstructionLandUse(code: string): boolean {
  return /^[0-9]{4}$/.test(code) && isLandUseClass(landUseClassOf(code)) && code.slice(2) !== '00';
}
