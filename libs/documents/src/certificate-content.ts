import { isShare, type CertificateSeries, type RegistrationKind } from '@app/domain';
import {
  REGISTRATION_KIND_NAMES,
  calendarDate,
  shanghaiTime,
  type CalendarDate,
  type TableCell,
  type TableSection,
} from './document-text';

export interface CertificateDocument {
  /** right → 不动产权证书; proof → 不动产登记证明. */
  series: CertificateSeries;
  /** e.g. 蒙(2026)乌海市不动产权第0000001号. */
  certificateNumber: string;
  registrationKind: RegistrationKind;
  /** The 28-character 不动产单元号. */
  unitNumber: string;
  location: string;
  /** 海勃湾区, 乌达区, 海南区 … */
  districtName: string;
  /** GB/T 21010 code, e.g. "0601". */
  landUse: string;
  /** e.g. 工业用地. */
  landUseName: string;
  /** granted → 出让; allocated → 划拨. */
  rightType: 'granted' | 'allocated';
  /** Decimal string in square metres. */
  areaM2: string;
  /** YYYY-MM-DD; null for allocated land, which has no term. */
  termStart: string | null;
  termEnd: string | null;
  /** share is a decimal string such as "0.5"; the shares of all holders sum to 1. */
  holders: { name: string; identifierMasked: string; share: string }[];
  /** For proofs: the registered matter, label/value rows (e.g. 抵押权人, 被担保债权数额, 顺位, 期限). */
  matters: { label: string; value: string }[];
  /** Encumbrances and notes shown under 附记 (e.g. "抵押 第1顺位 ..."). */
  notes: string[];
  /** ISO timestamp; printed as a date in Asia/Shanghai. */
  registeredAt: string;
  /** e.g. 乌海市不动产登记中心. */
  registrationAuthority: string;
  /** Encoded in the QR code and printed under it. */
  verifyUrl: string;
}

/** Everything the page shows, as text, so the wording can be checked without reading a PDF. */
export interface CertificateContent {
  title: string;
  number: string;
  sections: TableSection<TableCell>[];
  verifyCaption: string;
  verifyUrl: string;
  authority: string;
  date: string;
}

const TITLES: Record<CertificateSeries, string> = {
  right: '不动产权证书',
  proof: '不动产登记证明',
};

const RIGHT_TYPE_NAMES: Record<CertificateDocument['rightType'], string> = {
  granted: '出让',
  allocated: '划拨',
};

export function certificateContent(document: CertificateDocument): CertificateContent {
  const sections: TableSection<TableCell>[] = [
    {
      heading: null,
      rows: [
        {
          label: '权利人',
          value: document.holders.map((holder) => `${holder.name}（${holder.identifierMasked}）`).join('\n'),
        },
        { label: '共有情况', value: coOwnership(document.holders) },
        { label: '坐落', value: situatedAt(document) },
        { label: '不动产单元号', value: document.unitNumber },
        { label: '登记类型', value: REGISTRATION_KIND_NAMES[document.registrationKind] },
        { label: '权利类型', value: '国有建设用地使用权' },
        { label: '权利性质', value: RIGHT_TYPE_NAMES[document.rightType] },
        { label: '用途', value: `${document.landUseName}（${document.landUse}）` },
        { label: '面积', value: `${document.areaM2} 平方米` },
        { label: '使用期限', value: term(document) },
      ],
    },
  ];
  if (document.matters.length > 0) sections.push({ heading: '登记事项', rows: document.matters });
  sections.push({ heading: null, rows: [{ label: '附记', value: document.notes.join('\n') }] });

  return {
    title: TITLES[document.series],
    number: document.certificateNumber,
    sections,
    verifyCaption: '扫码核验',
    verifyUrl: document.verifyUrl,
    authority: `登记机构：${document.registrationAuthority}`,
    date: `登记日期：${chineseDate(shanghaiTime(document.registeredAt, 'registration'))}`,
  };
}

function coOwnership(holders: CertificateDocument['holders']): string {
  if (holders.length === 0) throw new Error('A certificate needs at least one holder');
  if (holders.length === 1) return '单独所有';
  return `按份共有：${holders.map((holder) => `${holder.name}占${percent(holder.share)}`).join('，')}`;
}

/** Shift the decimal point in the string itself: thirds are stored to eight places and must print as stored. */
function percent(share: string): string {
  if (!isShare(share)) throw new Error(`Invalid co-ownership share "${share}"`);
  const [whole, fraction = ''] = share.split('.');
  const padded = fraction.padEnd(2, '0');
  const integer = `${whole}${padded.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const decimals = padded.slice(2).replace(/0+$/, '');
  return `${integer}${decimals ? `.${decimals}` : ''}%`;
}

/** Register locations usually start with the district already (海勃湾区新华大街以北); print it once. */
function situatedAt({ location, districtName }: CertificateDocument): string {
  return location.startsWith(districtName) ? location : `${districtName}${location}`;
}

function term({ rightType, termStart, termEnd }: CertificateDocument): string {
  if (rightType === 'allocated') return '无固定期限';
  if (!termStart || !termEnd) throw new Error('A granted right needs both term dates');
  return `${chineseDate(calendarDate(termStart))}起${chineseDate(calendarDate(termEnd))}止`;
}

/** Certificates print dates without leading zeros: 2010年1月1日. */
function chineseDate({ year, month, day }: CalendarDate): string {
  return `${year}年${Number(month)}月${Number(day)}日`;
}
