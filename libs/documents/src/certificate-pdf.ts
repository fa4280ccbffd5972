import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import { toBuffer as qrPng } from 'qrcode';
import {
  certificateContent,
  type CertificateContent,
  type CertificateDocument,
  type CertificateSection,
} from './certificate-content';

export interface RenderOptions {
  /** A Noto Sans CJK collection (.ttc) holding the NotoSansCJKsc-Regular face. */
  fontPath: string;
}

const PLATFORM = '乌海市土地二级市场交易平台';
const FONT = 'cjk';
/** The collection lists the Japanese face first; its glyph shapes differ from the simplified Chinese ones. */
const FONT_FACE = 'NotoSansCJKsc-Regular';

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 56;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const BORDER_COLOR = '#333333';
const LABEL_FILL = '#f2f2f2';

const LABEL_WIDTH = 96;
const VALUE_WIDTH = CONTENT_WIDTH - LABEL_WIDTH;
const CELL_PADDING = 5;
const TABLE_FONT_SIZE = 10.5;
const TABLE_TEXT = { lineGap: 2 };
const SECTION_GAP = 12;

const FOOTER_GAP = 16;
const QR_SIZE = 84;
const CAPTION_FONT_SIZE = 9;
const URL_FONT_SIZE = 7.5;
const VERIFY_LEFT = MARGIN + QR_SIZE + FOOTER_GAP;
const VERIFY_WIDTH = 190;
const SIGNATURE_FONT_SIZE = 11;
const SIGNATURE_LEFT = VERIFY_LEFT + VERIFY_WIDTH + FOOTER_GAP;
const SIGNATURE_TEXT = {
  width: MARGIN + CONTENT_WIDTH - SIGNATURE_LEFT,
  align: 'right',
  lineGap: 6,
} as const;

export async function renderCertificatePdf(
  document: CertificateDocument,
  options: RenderOptions,
): Promise<Buffer> {
  const content = certificateContent(document);
  const [font, qrCode] = await Promise.all([
    readFont(options.fontPath),
    qrPng(content.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 8 }),
  ]);

  const doc = new PDFDocument({
    size: 'A4',
    // Everything is placed at explicit coordinates; with pdfkit's own margins at zero, text that ends near
    // the layout's bottom margin can never make it start a second page.
    margin: 0,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: content.number,
      Subject: content.title,
      Author: document.registrationAuthority,
      Creator: PLATFORM,
      Producer: PLATFORM,
    },
  });
  const pdf = collect(doc);
  doc.registerFont(FONT, font, FONT_FACE);
  try {
    doc.font(FONT);
  } catch (error) {
    throw new Error(`Certificate font ${options.fontPath} has no ${FONT_FACE} face`, { cause: error });
  }

  drawPage(doc, content, qrCode);
  doc.end();
  return pdf;
}

async function readFont(fontPath: string): Promise<Buffer> {
  try {
    return await readFile(fontPath);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new Error(`Certificate font ${fontPath} ${reason}`, { cause: error });
  }
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function drawPage(doc: PDFKit.PDFDocument, content: CertificateContent, qrCode: Buffer): void {
  doc.strokeColor(BORDER_COLOR).lineWidth(0.75);
  doc.fontSize(24).text(content.title, MARGIN, MARGIN, {
    width: CONTENT_WIDTH,
    align: 'center',
    characterSpacing: 6,
  });
  doc.fontSize(12).text(content.number, MARGIN, doc.y + 8, { width: CONTENT_WIDTH, align: 'center' });

  const tablesTop = doc.y + 18;
  const tablesHeight = content.sections.reduce(
    (height, section, index) => height + (index > 0 ? SECTION_GAP : 0) + sectionHeight(doc, section),
    0,
  );
  const footer = measureFooter(doc, content);
  if (tablesTop + tablesHeight > PAGE_HEIGHT - MARGIN - footer.height - FOOTER_GAP) {
    throw new Error(`Certificate ${content.number} does not fit on one A4 page`);
  }

  let y = tablesTop;
  for (const section of content.sections) {
    y = drawSection(doc, section, y) + SECTION_GAP;
  }
  drawFooter(doc, footer, qrCode);
}

function rowHeight(doc: PDFKit.PDFDocument, label: string, value: string): number {
  doc.fontSize(TABLE_FONT_SIZE);
  const text = (string: string, width: number) =>
    doc.heightOfString(string || ' ', { ...TABLE_TEXT, width: width - 2 * CELL_PADDING });
  return Math.max(text(label, LABEL_WIDTH), text(value, VALUE_WIDTH)) + 2 * CELL_PADDING;
}

function headingHeight(doc: PDFKit.PDFDocument, heading: string): number {
  doc.fontSize(TABLE_FONT_SIZE);
  return doc.heightOfString(heading, { ...TABLE_TEXT, width: CONTENT_WIDTH }) + 2 * CELL_PADDING;
}

function sectionHeight(doc: PDFKit.PDFDocument, section: CertificateSection): number {
  return section.rows.reduce(
    (height, row) => height + rowHeight(doc, row.label, row.value),
    section.heading ? headingHeight(doc, section.heading) : 0,
  );
}

/** Returns the section's bottom edge. */
function drawSection(doc: PDFKit.PDFDocument, section: CertificateSection, top: number): number {
  let y = top;
  if (section.heading) {
    const height = headingHeight(doc, section.heading);
    doc.rect(MARGIN, y, CONTENT_WIDTH, height).fillAndStroke(LABEL_FILL, BORDER_COLOR);
    doc.fillColor('black').text(section.heading, MARGIN, y + CELL_PADDING, {
      ...TABLE_TEXT,
      width: CONTENT_WIDTH,
      align: 'center',
    });
    y += height;
  }
  for (const { label, value } of section.rows) {
    const height = rowHeight(doc, label, value);
    doc.rect(MARGIN, y, LABEL_WIDTH, height).fillAndStroke(LABEL_FILL, BORDER_COLOR);
    doc.rect(MARGIN + LABEL_WIDTH, y, VALUE_WIDTH, height).stroke();
    doc.fillColor('black');
    doc.text(label, MARGIN + CELL_PADDING, y + CELL_PADDING, {
      ...TABLE_TEXT,
      width: LABEL_WIDTH - 2 * CELL_PADDING,
      align: 'center',
    });
    doc.text(value, MARGIN + LABEL_WIDTH + CELL_PADDING, y + CELL_PADDING, {
      ...TABLE_TEXT,
      width: VALUE_WIDTH - 2 * CELL_PADDING,
    });
    y += height;
  }
  return y;
}

interface Footer {
  caption: string;
  captionHeight: number;
  url: string;
  urlHeight: number;
  signature: string;
  signatureHeight: number;
  height: number;
}

/** The QR code, its caption with the URL, and the signature share one band along the bottom margin. */
function measureFooter(doc: PDFKit.PDFDocument, content: CertificateContent): Footer {
  const signature = `${content.authority}\n${content.date}`;
  const captionHeight = doc
    .fontSize(CAPTION_FONT_SIZE)
    .heightOfString(content.verifyCaption, { width: VERIFY_WIDTH });
  const urlHeight = doc.fontSize(URL_FONT_SIZE).heightOfString(content.verifyUrl, { width: VERIFY_WIDTH });
  const signatureHeight = doc.fontSize(SIGNATURE_FONT_SIZE).heightOfString(signature, SIGNATURE_TEXT);
  return {
    caption: content.verifyCaption,
    captionHeight,
    url: content.verifyUrl,
    urlHeight,
    signature,
    signatureHeight,
    height: Math.max(QR_SIZE, captionHeight + 2 + urlHeight, signatureHeight),
  };
}

function drawFooter(doc: PDFKit.PDFDocument, footer: Footer, qrCode: Buffer): void {
  const bottom = PAGE_HEIGHT - MARGIN;
  doc.image(qrCode, MARGIN, bottom - QR_SIZE, { width: QR_SIZE, height: QR_SIZE });
  doc
    .fontSize(CAPTION_FONT_SIZE)
    .text(footer.caption, VERIFY_LEFT, bottom - footer.urlHeight - 2 - footer.captionHeight, {
      width: VERIFY_WIDTH,
    });
  doc
    .fontSize(URL_FONT_SIZE)
    .text(footer.url, VERIFY_LEFT, bottom - footer.urlHeight, { width: VERIFY_WIDTH });
  doc
    .fontSize(SIGNATURE_FONT_SIZE)
    .text(footer.signature, SIGNATURE_LEFT, bottom - footer.signatureHeight, SIGNATURE_TEXT);
}
