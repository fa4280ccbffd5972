import { IdentifierCheck, IdentifierFailure, IdentifierValid, identifierFailure } from './identifier-check';

/** right: 不动产权证书 (ownership of a right); proof: 不动产登记证明 (mortgages and other registrations). */
export type CertificateSeries = 'right' | 'proof';

export interface CertificateNumberParts {
  series: CertificateSeries;
  year: number;
  sequence: number;
}

export type CertificateNumberParse =
  (IdentifierValid & { parts: CertificateNumberParts }) | IdentifierFailure;

const SERIES_LABELS: Record<CertificateSeries, string> = { right: '不动产权', proof: '不动产证明' };
const SEQUENCE_WIDTH = 7;
const MAX_SEQUENCE = 10 ** SEQUENCE_WIDTH - 1;
const PATTERN = /^蒙\(([1-9]\d{3})\)乌海市(不动产权|不动产证明)第(\d{7})号$/;

export function formatCertificateNumber({ series, year, sequence }: CertificateNumberParts): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Certificate year must be a four-digit integer, got ${year}`);
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RangeError(
      `Certificate sequence must be an integer from 1 to ${MAX_SEQUENCE}, got ${sequence}`,
    );
  }
  return `蒙(${year})乌海市${SERIES_LABELS[series]}第${String(sequence).padStart(SEQUENCE_WIDTH, '0')}号`;
}

/**
 * Full-width parentheses are accepted and rewritten to ASCII: the printed certificates and any Chinese input
 * method produce （）, while the register stores the ASCII form of DOMAIN.md, so a verification lookup typed
 * from a paper certificate must still find its number.
 */
export function parseCertificateNumber(value: string): CertificateNumberParse {
  const normalized = value.trim().replace('（', '(').replace('）', ')');
  const match = PATTERN.exec(normalized);
  if (!match) {
    return identifierFailure(
      'format',
      '不动产权证书号格式应为“蒙(2026)乌海市不动产权第0001234号”，登记证明号应为“蒙(2026)乌海市不动产证明第0001234号”',
      "A certificate number must look like '蒙(2026)乌海市不动产权第0001234号' (certificate of right) or '蒙(2026)乌海市不动产证明第0001234号' (registration proof)",
    );
  }
  const sequence = Number(match[3]);
  if (sequence === 0) {
    return identifierFailure(
      'sequence',
      '证书号的顺序号从 0000001 开始，不能为 0000000',
      'Certificate sequence numbers start at 0000001; 0000000 is never issued',
    );
  }
  const series: CertificateSeries = match[2] === SERIES_LABELS.right ? 'right' : 'proof';
  return { valid: true, value: normalized, parts: { series, year: Number(match[1]), sequence } };
}

export function validateCertificateNumber(value: string): IdentifierCheck {
  const parsed = parseCertificateNumber(value);
  return parsed.valid ? { valid: true, value: parsed.value } : parsed;
}

export function isValidCertificateNumber(value: string): boolean {
  return parseCertificateNumber(value).valid;
}
