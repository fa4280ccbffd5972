import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import {
  IdentifierCheck,
  isKnownDistrictCode,
  validateCertificateNumber,
  validateResidentId,
  validateUnitNumber,
  validateUscc,
} from '@app/domain';

/**
 * The domain's own checks decide validity, and their bilingual message (what exactly is wrong:
 * length, checksum, birth date …) becomes the 400's detail for the field.
 */
function identifierDecorator(name: string, check: (value: string) => IdentifierCheck) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(propertyName),
        options,
        validator: {
          validate: (value: unknown) => typeof value === 'string' && check(value).valid,
          defaultMessage: (args: ValidationArguments) => {
            if (typeof args.value !== 'string') return '必须是字符串 / must be a string';
            const result = check(args.value);
            return result.valid ? '' : `${result.message.zh} / ${result.message.en}`;
          },
        },
      });
}

export const IsUscc = identifierDecorator('isUscc', validateUscc);
export const IsResidentId = identifierDecorator('isResidentId', (value) => validateResidentId(value));
export const IsUnitNumber = identifierDecorator('isUnitNumber', validateUnitNumber);
export const IsCertificateNumber = identifierDecorator('isCertificateNumber', validateCertificateNumber);
export const IsDistrictCode = identifierDecorator('isDistrictCode', (value) =>
  isKnownDistrictCode(value)
    ? { valid: true, value }
    : {
        valid: false,
        rule: 'districtCode',
        message: { zh: '行政区代码不属于乌海市', en: 'district code is not one of Wuhai’s districts' },
      },
);
