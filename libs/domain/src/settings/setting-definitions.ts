/**
 * Every value DOMAIN.md marks as configurable, with its type, bounds and default. The values themselves
 * live in the `setting` table, where an administrator changes them without a deploy.
 */
export type SettingType = 'ratio' | 'integer' | 'number' | 'boolean';

export interface SettingDefinition {
  type: SettingType;
  default: number | boolean;
  min?: number;
  max?: number;
  description: { zh: string; en: string };
}

export const SETTING_DEFINITIONS = {
  'transfer.investmentThreshold': {
    type: 'ratio',
    default: 0.25,
    min: 0,
    max: 1,
    description: {
      zh: '出让土地转让前须完成的开发投资比例',
      en: 'Share of total development investment completed before granted land may be transferred',
    },
  },
  'transfer.mortgageeConsentRequired': {
    type: 'boolean',
    default: true,
    description: {
      zh: '转让已抵押土地是否须抵押权人同意',
      en: 'Whether transferring a mortgaged unit needs the mortgagee’s consent',
    },
  },
  'preemption.priceRatio': {
    type: 'ratio',
    default: 0.8,
    min: 0,
    max: 1,
    description: {
      zh: '申报价格低于基准地价的该比例时启动优先购买权',
      en: 'A declared price below this share of the benchmark price opens a pre-emption case',
    },
  },
  'preemption.decisionWorkingDays': {
    type: 'integer',
    default: 15,
    min: 1,
    max: 60,
    description: {
      zh: '政府决定是否行使优先购买权的期限（工作日）',
      en: 'Working days for the pre-emption decision',
    },
  },
  'timeLimit.transfer': {
    type: 'integer',
    default: 5,
    min: 1,
    max: 30,
    description: {
      zh: '转移登记办理时限（工作日）',
      en: 'Time limit for transfer registration (working days)',
    },
  },
  'timeLimit.lease': {
    type: 'integer',
    default: 5,
    min: 1,
    max: 30,
    description: { zh: '租赁登记办理时限（工作日）', en: 'Time limit for lease registration (working days)' },
  },
  'timeLimit.mortgage': {
    type: 'integer',
    default: 5,
    min: 1,
    max: 30,
    description: {
      zh: '抵押权首次登记办理时限（工作日）',
      en: 'Time limit for mortgage registration (working days)',
    },
  },
  'timeLimit.mortgageRelease': {
    type: 'integer',
    default: 5,
    min: 1,
    max: 30,
    description: {
      zh: '抵押权注销登记办理时限（工作日）',
      en: 'Time limit for mortgage release (working days)',
    },
  },
  'deadline.warnRatio': {
    type: 'ratio',
    default: 0.6,
    min: 0.1,
    max: 0.99,
    description: { zh: '办理时限预警比例', en: 'Share of the time limit at which a warning is raised' },
  },
  'parcel.areaToleranceRatio': {
    type: 'ratio',
    default: 0.05,
    min: 0,
    max: 0.5,
    description: {
      zh: '宗地图形面积与申报面积允许的相对误差',
      en: 'Allowed relative difference between the parcel geometry’s area and the declared area',
    },
  },
  'parcel.overlapToleranceM2': {
    type: 'number',
    default: 1,
    min: 0,
    max: 1000,
    description: {
      zh: '新宗地与现有宗地允许重叠的面积（平方米）',
      en: 'Overlap in m² tolerated between a new parcel and an existing one',
    },
  },
  'market.auctionExtensionSeconds': {
    type: 'integer',
    default: 240,
    min: 10,
    max: 3600,
    description: {
      zh: '拍卖中每次有效出价后的倒计时（秒）：截止前此时间内出价将延长截止时间',
      en: 'Auction countdown in seconds: a bid this close to the end moves the end that far past the bid',
    },
  },
  'market.defaultBidIncrementRatio': {
    type: 'ratio',
    default: 0.01,
    min: 0.0001,
    max: 0.5,
    description: {
      zh: '未指定加价幅度时，按挂牌价的该比例确定（取整到元）',
      en: 'Bid increment, as a share of the asking price rounded to the yuan, when the seller names none',
    },
  },
  'market.maxListingDays': {
    type: 'integer',
    default: 180,
    min: 1,
    max: 730,
    description: {
      zh: '挂牌期最长天数',
      en: 'Longest listing period, in days',
    },
  },
  'market.announcementDays': {
    type: 'integer',
    default: 10,
    min: 1,
    max: 90,
    description: {
      zh: '成交公示期（天）',
      en: 'Days a deal announcement stays public',
    },
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingKey = keyof typeof SETTING_DEFINITIONS;
export type SettingValue<K extends SettingKey> = (typeof SETTING_DEFINITIONS)[K]['type'] extends 'boolean'
  ? boolean
  : number;

export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTING_DEFINITIONS, key);
}

export type SettingCheck = { valid: true } | { valid: false; message: { zh: string; en: string } };

export function checkSettingValue(key: SettingKey, value: unknown): SettingCheck {
  const definition: SettingDefinition = SETTING_DEFINITIONS[key];
  if (definition.type === 'boolean') {
    return typeof value === 'boolean'
      ? { valid: true }
      : { valid: false, message: { zh: '必须是 true 或 false', en: 'must be true or false' } };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { valid: false, message: { zh: '必须是数字', en: 'must be a number' } };
  }
  if (definition.type === 'integer' && !Number.isInteger(value)) {
    return { valid: false, message: { zh: '必须是整数', en: 'must be an integer' } };
  }
  const { min, max } = definition;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    return {
      valid: false,
      message: { zh: `必须在 ${min} 至 ${max} 之间`, en: `must be between ${min} and ${max}` },
    };
  }
  return { valid: true };
}
