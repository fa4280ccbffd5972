import { calendarDate, type TableCell, type TableSection } from './document-text';
import {
  applicationRows,
  issuedAtText,
  issuedOnText,
  windowDate,
  type WindowDocumentBase,
} from './window-document';

export interface AcceptanceReceiptDocument extends WindowDocumentBase {
  /** e.g. SLZX202611270001. */
  acceptanceNumber: string;
  /** e.g. 5. */
  timeLimitWorkingDays: number;
  /**
   * YYYY-MM-DD: the last working day of the time limit; null when the clock stopped at acceptance because the
   * declared price opened a pre-emption case (优先购买权).
   */
  dueOn: string | null;
  /** Set while the next year's holiday calendar is not published, so the working days after New Year are guesses. */
  dueProvisional: boolean;
  /** 8 characters, printed prominently as 取件码/查询码. */
  pickupCode: string;
  /** Public status-query link (contains the acceptance number and the pickup code); encoded in the QR code. */
  statusUrl: string;
}

/** Everything the receipt shows, as text, so the wording can be checked without reading a PDF. */
export interface AcceptanceReceiptContent {
  title: string;
  /** The acceptance number; also the PDF's title. */
  number: string;
  subtitle: string;
  sections: TableSection[];
  /** Printed under the tables. */
  note: string;
  /** Printed large beside the QR code, which leads to a page that asks for it. */
  pickupCode: TableCell;
  statusCaption: string;
  statusUrl: string;
  authority: string;
  date: string;
}

const PROVISIONAL_NOTE = '（暂定：次年法定节假日安排尚未公布，届时按实际工作日计算）';
const PAUSED_NOTE = '暂停计时：政府优先购买权决定期间不计入办结时限，决定后另行告知';

export function acceptanceReceiptContent(document: AcceptanceReceiptDocument): AcceptanceReceiptContent {
  if (!Number.isInteger(document.timeLimitWorkingDays) || document.timeLimitWorkingDays < 1) {
    throw new Error(`Invalid time limit of ${document.timeLimitWorkingDays} working days`);
  }
  const dueOn = document.dueOn === null ? null : windowDate(calendarDate(document.dueOn));
  return {
    title: '不动产登记受理凭证',
    number: document.acceptanceNumber,
    subtitle: `受理编号：${document.acceptanceNumber}`,
    sections: [
      { heading: null, rows: applicationRows(document) },
      {
        heading: null,
        rows: [
          [
            { label: '受理时间', value: issuedAtText(document.issuedAt) },
            { label: '受理人', value: document.clerkName },
          ],
          { label: '承诺办结时限', value: `${document.timeLimitWorkingDays}个工作日` },
          {
            label: '预计办结日期',
            value:
              dueOn === null
                ? PAUSED_NOTE
                : document.dueProvisional
                  ? `${dueOn}\n${PROVISIONAL_NOTE}`
                  : dueOn,
          },
          {
            label: '受理窗口',
            value: `${document.windowName}\n地址：${document.windowAddress}`,
          },
        ],
      },
    ],
    note:
      '本凭证是领取登记结果的凭据，请妥善保管；领取时请出示本凭证和取件码，并携带身份证明原件，委托他人领取的还须提交授权委托书。' +
      // The statutory clock stops while the applicant supplements materials or a preemption notice runs.
      '补正材料、公告等期间不计入办结时限。',
    pickupCode: { label: '取件码/查询码', value: document.pickupCode },
    statusCaption: '扫码或访问以下地址，凭查询码查询办理进度',
    statusUrl: document.statusUrl,
    authority: document.registrationAuthority,
    date: issuedOnText(document.issuedAt),
  };
}
