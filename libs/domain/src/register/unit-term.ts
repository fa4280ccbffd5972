import { BilingualMessage } from '../identifiers/identifier-check';

export type RightType = 'granted' | 'allocated';

export interface UnitRuleProblem {
  field: string;
  rule: string;
  message: BilingualMessage;
}

/** Granted land (出让) is held for a fixed term; allocated land (划拨) has none. */
export function unitTermProblem(
  rightType: RightType,
  termStart?: string,
  termEnd?: string,
): UnitRuleProblem | null {
  if (rightType === 'granted' && (!termStart || !termEnd || termEnd <= termStart)) {
    return {
      field: 'termEnd',
      rule: 'grantedTerm',
      message: {
        zh: '出让土地须有起止日期，且终止日期晚于起始日期',
        en: 'granted land needs a term start and a later term end',
      },
    };
  }
  if (rightType === 'allocated' && termEnd) {
    return {
      field: 'termEnd',
      rule: 'allocatedTerm',
      message: { zh: '划拨土地没有使用期限', en: 'allocated land has no term end' },
    };
  }
  return null;
}

/** The unit number's first six characters are the district it lies in. */
export function unitDistrictProblem(unitNumber: string, districtCode: string): UnitRuleProblem | null {
  return unitNumber.startsWith(districtCode)
    ? null
    : {
        field: 'districtCode',
        rule: 'matchesUnitNumber',
        message: {
          zh: '行政区代码与不动产单元号前六位不一致',
          en: 'district code differs from the first six characters of the unit number',
        },
      };
}
