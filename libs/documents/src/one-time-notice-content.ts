import type { TableSection } from './document-text';
import { applicationRows, issuedAtText, issuedOnText, type WindowDocumentBase } from './window-document';

export interface OneTimeNoticeDocument extends WindowDocumentBase {
  /** e.g. GZZX202611270001. */
  noticeNumber: string;
  /** Every missing item and blocking finding: the notice is one-time, so it must name them all. */
  items: { code: string; message: { zh: string; en: string } }[];
}

export interface OneTimeNoticeItem {
  /** 1., 2., … */
  marker: string;
  text: string;
}

/** Everything the notice shows, as text, so the wording can be checked without reading a PDF. */
export interface OneTimeNoticeContent {
  title: string;
  /** Heads every page after the first. */
  continuedTitle: string;
  /** The notice number; also the PDF's title. */
  number: string;
  subtitle: string;
  sections: TableSection[];
  instruction: string;
  items: OneTimeNoticeItem[];
  closing: string;
  /** Whom to come back to, printed beside the signature. */
  contact: string;
  authority: string;
  date: string;
}

export function oneTimeNoticeContent(document: OneTimeNoticeDocument): OneTimeNoticeContent {
  if (document.items.length === 0) {
    throw new Error(`One-time notice ${document.noticeNumber} has no item to tell the applicant`);
  }
  const title = '不动产登记一次性告知书';
  return {
    title,
    continuedTitle: `${title}（续）`,
    number: document.noticeNumber,
    subtitle: `告知书编号：${document.noticeNumber}`,
    sections: [{ heading: null, rows: applicationRows(document) }],
    instruction: '经审查，您的申请尚不符合受理条件，请一次性补齐以下材料或消除以下问题后再来办理：',
    // The counter serves Chinese applicants on a Chinese form; the English text stays in the API response.
    items: document.items.map((item, index) => ({ marker: `${index + 1}.`, text: item.message.zh })),
    closing: '补齐材料或消除上述问题后，请携带本告知书到受理窗口重新申请。',
    contact: [
      `受理窗口：${document.windowName}`,
      `窗口地址：${document.windowAddress}`,
      `经办人：${document.clerkName}\u3000告知时间：${issuedAtText(document.issuedAt)}`,
    ].join('\n'),
    authority: document.registrationAuthority,
    date: issuedOnText(document.issuedAt),
  };
}
