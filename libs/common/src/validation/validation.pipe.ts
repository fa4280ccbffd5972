import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, FieldProblem } from '../http/api-error';

/** Chinese wording for class-validator's built-in rules; the English default message follows it. */
const RULE_ZH: Record<string, string> = {
  whitelistValidation: '不允许的字段',
  isDefined: '必填',
  isNotEmpty: '不能为空',
  isString: '必须是字符串',
  isInt: '必须是整数',
  isNumber: '必须是数字',
  isBoolean: '必须是布尔值',
  isEnum: '取值不在允许范围内',
  isIn: '取值不在允许范围内',
  isArray: '必须是数组',
  arrayNotEmpty: '不能为空数组',
  arrayMaxSize: '数组元素过多',
  arrayMinSize: '数组元素过少',
  arrayUnique: '数组元素不能重复',
  isObject: '必须是对象',
  nestedValidation: '必须是对象',
  isUuid: '必须是 UUID',
  isDateString: '必须是 ISO-8601 日期时间',
  isISO8601: '必须是 ISO-8601 日期',
  matches: '格式不正确',
  maxLength: '长度超出上限',
  minLength: '长度不足',
  length: '长度不符合要求',
  min: '数值过小',
  max: '数值过大',
  isPositive: '必须是正数',
  isDecimal: '必须是十进制数字字符串',
  isNumberString: '必须是数字字符串',
  isEmail: '必须是有效的电子邮箱',
  isUrl: '必须是有效的网址',
  isLatitude: '必须是有效的纬度',
  isLongitude: '必须是有效的经度',
};

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, english]) => {
      const message = english.includes(' / ')
        ? english
        : `${RULE_ZH[rule] ?? '不符合要求'} / ${english.replace(/^property (\S+) should not exist$/, 'field $1 is not allowed')}`;
      return { field, rule, message };
    });
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function validationErrorToApiError(errors: ValidationError[]): ApiError {
  const details = flatten(errors);
  const fields = [...new Set(details.map((detail) => detail.field))].join(', ');
  return ApiError.badRequest({ zh: `请求参数有误：${fields}`, en: `Invalid request: ${fields}` }, details);
}

/** Unknown fields are refused rather than dropped, so a client typo never passes silently. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: validationErrorToApiError,
  });
}
