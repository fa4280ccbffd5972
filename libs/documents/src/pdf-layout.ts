import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import { toBuffer } from 'qrcode';
import type { TableCell, TableRow, TableSection } from './document-text';

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
export const MARGIN = 56;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
/** Nothing is drawn below this line. */
export const CONTENT_BOTTOM = PAGE_HEIGHT - MARGIN;
const BORDER_COLOR = '#333333';
const LABEL_FILL = '#f2f2f2';

const LABEL_WIDTH = 96;
const CELL_PADDING = 5;
export const TABLE_FONT_SIZE = 10.5;
const TABLE_TEXT = { lineGap: 2 };
export const SECTION_GAP = 12;

export const FOOTER_GAP = 16;
const QR_SIZE = 84;
const CAPTION_FONT_SIZE = 9;
const URL_FONT_SIZE = 7.5;
const VERIFY_LEFT = MARGIN + QR_SIZE + FOOTER_GAP;
const VERIFY_WIDTH = 190;
const CODE_FONT_SIZE = 18;
/** Spaced out so that it can be read aloud or typed in character by character. */
const CODE_TEXT = { width: VERIFY_WIDTH, characterSpacing: 3 };
const SIGNATURE_FONT_SIZE = 11;
const SIGNATURE_LEFT = VERIFY_LEFT + VERIFY_WIDTH + FOOTER_GAP;
const SIGNATURE_TEXT = {
  width: MARGIN + CONTENT_WIDTH - SIGNATURE_LEFT,
  align: 'right',
  lineGap: 6,
} as const;
const FOOTER_TEXT_SIZE = 9.5;
const FOOTER_TEXT = { width: SIGNATURE_LEFT - FOOTER_GAP - MARGIN, lineGap: 2 };

export interface PdfInfo {
  /** The document's own number, which is what a viewer shows as the file's title. */
  title: string;
  subject: string;
  author: string;
}

export interface PdfSetup {
  /** Starts error messages, e.g. "Certificate", so a bad font path names the renderer that hit it. */
  documentName: string;
  fontPath: string;
  info: PdfInfo;
}

/** A piece of the page that is measured before anything is drawn, so a renderer can decide where it goes. */
export interface Block {
  height: number;
  /** Blank space between blocks, which a renderer that spreads over pages drops at the top of a page. */
  spacer?: boolean;
  draw(top: number): void;
}

export async function readFont({ documentName, fontPath }: PdfSetup): Promise<Buffer> {
  try {
    return await readFile(fontPath);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new Error(`${documentName} font ${fontPath} ${reason}`, { cause: error });
  }
}

export function qrCodePng(url: string): Promise<Buffer> {
  return toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 8 });
}

/**
 * One document from start to bytes: the font and the QR code of `qrUrl` load side by side, `draw` lays out
 * every page, and the buffer comes back once the document has ended.
 */
export async function renderPdf(
  setup: PdfSetup,
  qrUrl: string | null,
  draw: (doc: PDFKit.PDFDocument, qrCode: Buffer) => void,
): Promise<Buffer> {
  const [font, qrCode] = await Promise.all([
    readFont(setup),
    qrUrl === null ? Promise.resolve(Buffer.alloc(0)) : qrCodePng(qrUrl),
  ]);
  const { doc, finished } = openPdf(font, setup);
  draw(doc, qrCode);
  doc.end();
  return finished;
}

/** An A4 document in the CJK face; `finished` settles once the caller has ended it. */
export function openPdf(
  font: Buffer,
  setup: PdfSetup,
): { doc: PDFKit.PDFDocument; finished: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    // Everything is placed at explicit coordinates; with pdfkit's own margins at zero, text that ends near
    // the layout's bottom margin can never make it start a page of its own accord.
    margin: 0,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: setup.info.title,
      Subject: setup.info.subject,
      Author: setup.info.author,
      Creator: PLATFORM,
      Producer: PLATFORM,
    },
  });
  const finished = collect(doc);
  doc.registerFont(FONT, font, FONT_FACE);
  try {
    doc.font(FONT);
  } catch (error) {
    throw new Error(`${setup.documentName} font ${setup.fontPath} has no ${FONT_FACE} face`, {
      cause: error,
    });
  }
  doc.strokeColor(BORDER_COLOR).lineWidth(0.75);
  return { doc, finished };
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** The centred title and number line; returns where the body starts. */
export function drawHeader(doc: PDFKit.PDFDocument, title: string, subtitle: string): number {
  doc.fillColor('black');
  doc
    .fontSize(24)
    .text(title, MARGIN, MARGIN, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 6 });
  doc.fontSize(12).text(subtitle, MARGIN, doc.y + 8, { width: CONTENT_WIDTH, align: 'center' });
  return doc.y + 18;
}

export function blocksHeight(blocks: Block[]): number {
  return blocks.reduce((height, block) => height + block.height, 0);
}

/** Returns the bottom edge of the last block. */
export function drawBlocks(blocks: Block[], top: number): number {
  let y = top;
  for (const block of blocks) {
    block.draw(y);
    y += block.height;
  }
  return y;
}

/** Sections one under the other with a gap between them, as blocks that can be measured as a whole. */
export function tableBlocks(doc: PDFKit.PDFDocument, sections: TableSection[]): Block[] {
  return sections.flatMap((section, index) => [
    ...(index > 0 ? [gap(SECTION_GAP)] : []),
    ...sectionBlocks(doc, section),
  ]);
}

/** Blocks that must not be split over two pages. */
export function stack(blocks: Block[]): Block {
  return { height: blocksHeight(blocks), draw: (top) => drawBlocks(blocks, top) };
}

export function gap(height: number): Block {
  return { height, spacer: true, draw: () => undefined };
}

/** One block per row, so a renderer that spreads over pages can break a table between two rows. */
function sectionBlocks(doc: PDFKit.PDFDocument, section: TableSection): Block[] {
  const rows = section.rows.map((row) => rowBlock(doc, row));
  return section.heading ? [headingBlock(doc, section.heading), ...rows] : rows;
}

function headingBlock(doc: PDFKit.PDFDocument, heading: string): Block {
  doc.fontSize(TABLE_FONT_SIZE);
  const height = doc.heightOfString(heading, { ...TABLE_TEXT, width: CONTENT_WIDTH }) + 2 * CELL_PADDING;
  return {
    height,
    draw(top) {
      doc.rect(MARGIN, top, CONTENT_WIDTH, height).fillAndStroke(LABEL_FILL, BORDER_COLOR);
      doc.fillColor('black').fontSize(TABLE_FONT_SIZE);
      doc.text(heading, MARGIN, top + CELL_PADDING, { ...TABLE_TEXT, width: CONTENT_WIDTH, align: 'center' });
    },
  };
}

function rowBlock(doc: PDFKit.PDFDocument, row: TableRow): Block {
  const cells = Array.isArray(row) ? row : [row];
  const valueWidth = (CONTENT_WIDTH - cells.length * LABEL_WIDTH) / cells.length;
  const labelText = { ...TABLE_TEXT, width: LABEL_WIDTH - 2 * CELL_PADDING, align: 'center' } as const;
  const valueText = { ...TABLE_TEXT, width: valueWidth - 2 * CELL_PADDING };
  doc.fontSize(TABLE_FONT_SIZE);
  const height =
    Math.max(
      ...cells.flatMap(({ label, value }) => [
        doc.heightOfString(label || ' ', labelText),
        doc.heightOfString(value || ' ', valueText),
      ]),
    ) +
    2 * CELL_PADDING;
  return {
    height,
    draw(top) {
      cells.forEach(({ label, value }, index) => {
        const left = MARGIN + index * (LABEL_WIDTH + valueWidth);
        doc.rect(left, top, LABEL_WIDTH, height).fillAndStroke(LABEL_FILL, BORDER_COLOR);
        doc.rect(left + LABEL_WIDTH, top, valueWidth, height).stroke();
        doc.fillColor('black').fontSize(TABLE_FONT_SIZE);
        doc.text(label, left + CELL_PADDING, top + CELL_PADDING, labelText);
        doc.text(value, left + LABEL_WIDTH + CELL_PADDING, top + CELL_PADDING, valueText);
      });
    },
  };
}

/** Running text across the full width of the page. */
export function paragraphBlock(doc: PDFKit.PDFDocument, text: string, fontSize: number): Block {
  const textOptions = { width: CONTENT_WIDTH, lineGap: 2 };
  const height = doc.fontSize(fontSize).heightOfString(text, textOptions);
  return {
    height,
    draw(top) {
      doc.fillColor('black').fontSize(fontSize).text(text, MARGIN, top, textOptions);
    },
  };
}

export interface FooterText {
  /** A code the reader types in after scanning (the receipt's 查询码), printed large above the caption. */
  code?: TableCell;
  caption: string;
  url: string;
  /** Lines of the authority's signature, e.g. its name and the date. */
  signature: string;
}

export interface Footer extends FooterText {
  codeLabelHeight: number;
  codeHeight: number;
  captionHeight: number;
  urlHeight: number;
  signatureHeight: number;
  height: number;
}

/**
 * The QR code, the text beside it (code, caption and URL, stacked on the bottom margin) and the signature share
 * one band along the bottom of the page.
 */
export function measureFooter(doc: PDFKit.PDFDocument, text: FooterText): Footer {
  const codeLabelHeight = text.code
    ? doc.fontSize(CAPTION_FONT_SIZE).heightOfString(text.code.label, { width: VERIFY_WIDTH })
    : 0;
  const codeHeight = text.code ? doc.fontSize(CODE_FONT_SIZE).heightOfString(text.code.value, CODE_TEXT) : 0;
  const captionHeight = doc.fontSize(CAPTION_FONT_SIZE).heightOfString(text.caption, { width: VERIFY_WIDTH });
  const urlHeight = doc.fontSize(URL_FONT_SIZE).heightOfString(text.url, { width: VERIFY_WIDTH });
  const signatureHeight = measureSignature(doc, text.signature);
  return {
    ...text,
    codeLabelHeight,
    codeHeight,
    captionHeight,
    urlHeight,
    signatureHeight,
    height: Math.max(QR_SIZE, codeLabelHeight + codeHeight + captionHeight + 2 + urlHeight, signatureHeight),
  };
}

export function drawFooter(doc: PDFKit.PDFDocument, footer: Footer, qrCode: Buffer): void {
  doc.image(qrCode, MARGIN, CONTENT_BOTTOM - QR_SIZE, { width: QR_SIZE, height: QR_SIZE });
  doc.fillColor('black');
  const urlTop = CONTENT_BOTTOM - footer.urlHeight;
  const captionTop = urlTop - 2 - footer.captionHeight;
  if (footer.code) {
    const codeTop = captionTop - footer.codeHeight;
    doc
      .fontSize(CAPTION_FONT_SIZE)
      .text(footer.code.label, VERIFY_LEFT, codeTop - footer.codeLabelHeight, { width: VERIFY_WIDTH });
    doc.fontSize(CODE_FONT_SIZE).text(footer.code.value, VERIFY_LEFT, codeTop, CODE_TEXT);
  }
  doc.fontSize(CAPTION_FONT_SIZE).text(footer.caption, VERIFY_LEFT, captionTop, { width: VERIFY_WIDTH });
  doc.fontSize(URL_FONT_SIZE).text(footer.url, VERIFY_LEFT, urlTop, { width: VERIFY_WIDTH });
  drawSignature(doc, footer.signature, footer.signatureHeight);
}

/** Running text on the left, such as whom to come back to, and the signature beside it on the bottom margin. */
export interface TextFooter {
  text: string;
  textHeight: number;
  signature: string;
  signatureHeight: number;
  height: number;
}

export function measureTextFooter(doc: PDFKit.PDFDocument, text: string, signature: string): TextFooter {
  const textHeight = doc.fontSize(FOOTER_TEXT_SIZE).heightOfString(text, FOOTER_TEXT);
  const signatureHeight = measureSignature(doc, signature);
  return { text, textHeight, signature, signatureHeight, height: Math.max(textHeight, signatureHeight) };
}

export function drawTextFooter(doc: PDFKit.PDFDocument, footer: TextFooter): void {
  doc
    .fillColor('black')
    .fontSize(FOOTER_TEXT_SIZE)
    .text(footer.text, MARGIN, CONTENT_BOTTOM - footer.textHeight, FOOTER_TEXT);
  drawSignature(doc, footer.signature, footer.signatureHeight);
}

function measureSignature(doc: PDFKit.PDFDocument, signature: string): number {
  return doc.fontSize(SIGNATURE_FONT_SIZE).heightOfString(signature, SIGNATURE_TEXT);
}

/** Right-aligned against the bottom margin, where the seal goes. */
function drawSignature(doc: PDFKit.PDFDocument, signature: string, height: number): void {
  doc
    .fillColor('black')
    .fontSize(SIGNATURE_FONT_SIZE)
    .text(signature, SIGNATURE_LEFT, CONTENT_BOTTOM - height, SIGNATURE_TEXT);
}
