import { materialName, type MaterialType, type RegistrationKind } from '@app/domain';
import {
  REGISTRATION_KIND_NAMES,
  shanghaiTime,
  type CalendarDate,
  type TableCell,
  type TableRow,
} from './document-text';

export interface WindowDocumentParty {
  /** applicant → 申请人 (转让方/出租方/抵押人 …); counterparty → 对方当事人 (受让方/承租方/抵押权人). */
  role: 'applicant' | 'counterparty';
  name: string;
  /**
   * A resident ID already masked (150302********1234), or an organisation's credit code, which is public and
   * printed in full as on certificates.
   */
  identifierMasked: string;
  /** Present when an agent (委托代理人) acted with a power of attorney. */
  agent: { name: string; identifierMasked: string } | null;
}

/** What the acceptance receipt (受理凭证) and the one-time notice (一次性告知书) of a window both show. */
export interface WindowDocumentBase {
  /** e.g. DJ202611270000123. */
  applicationNumber: string;
  registrationKind: RegistrationKind;
  /** The 28-character 不动产单元号. */
  unitNumber: string;
  location: string;
  /** e.g. 不动产登记中心大厅综合受理窗口. */
  windowName: string;
  windowAddress: string;
  clerkName: string;
  parties: WindowDocumentParty[];
  /** Materials the clerk ticked as received, in order. */
  materialsReceived: MaterialType[];
  /** ISO timestamp; printed as a date and time in Asia/Shanghai. */
  issuedAt: string;
  /** e.g. 乌海市不动产登记中心. */
  registrationAuthority: string;
}

const ROLE_NAMES: Readonly<Record<RegistrationKind, Record<WindowDocumentParty['role'], string>>> = {
  transfer: { applicant: '转让方', counterparty: '受让方' },
  lease: { applicant: '出租方', counterparty: '承租方' },
  mortgage: { applicant: '抵押人', counterparty: '抵押权人' },
  // The holder applies with the mortgagee's release consent (release_consent in the checklist).
  mortgage_release: { applicant: '抵押人', counterparty: '抵押权人' },
};

const PARTY_ROLES: WindowDocumentParty['role'][] = ['applicant', 'counterparty'];

const ROLE_LABELS: Readonly<Record<WindowDocumentParty['role'], string>> = {
  applicant: '申请人',
  counterparty: '对方当事人',
};

/** The application part of both documents: what is applied for, by whom, and what was handed in. */
export function applicationRows(document: WindowDocumentBase): TableRow[] {
  if (!document.parties.some((party) => party.role === 'applicant')) {
    throw new Error(`Application ${document.applicationNumber} has no applicant to print`);
  }
  return [
    [
      { label: '申请编号', value: document.applicationNumber },
      { label: '登记类型', value: REGISTRATION_KIND_NAMES[document.registrationKind] },
    ],
    { label: '不动产单元号', value: document.unitNumber },
    { label: '坐落', value: document.location },
    ...PARTY_ROLES.flatMap((role) => partyRow(document, role)),
    { label: '已收材料', value: materialList(document.materialsReceived) },
  ];
}

/**
 * One row per side, each party with its agent on the line below. The label breaks before the role so that the
 * longest one (对方当事人（抵押权人）) still reads as two whole words in the narrow label column.
 */
function partyRow(document: WindowDocumentBase, role: WindowDocumentParty['role']): TableCell[] {
  const parties = document.parties.filter((party) => party.role === role);
  if (parties.length === 0) return [];
  const lines = parties.flatMap((party) => [
    `${party.name}（${party.identifierMasked}）`,
    ...(party.agent ? [`委托代理人：${party.agent.name}（${party.agent.identifierMasked}）`] : []),
  ]);
  const label = `${ROLE_LABELS[role]}\n（${ROLE_NAMES[document.registrationKind][role]}）`;
  return [{ label, value: lines.join('\n') }];
}

/** Run on rather than one per line: a full checklist would otherwise take a third of the page. */
function materialList(materials: MaterialType[]): string {
  if (materials.length === 0) return '无';
  return materials.map((material, index) => `${index + 1}.${materialName(material).zh}`).join('；');
}

/** Unlike certificates, window documents keep the leading zeros: 2026年12月04日. */
export function windowDate(date: CalendarDate): string {
  return `${date.year}年${date.month}月${date.day}日`;
}

export function issuedAtText(issuedAt: string): string {
  const time = shanghaiTime(issuedAt, 'issue');
  return `${windowDate(time)} ${time.hour}:${time.minute}`;
}

export function issuedOnText(issuedAt: string): string {
  return windowDate(shanghaiTime(issuedAt, 'issue'));
}
