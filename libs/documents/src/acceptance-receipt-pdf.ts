import {
  acceptanceReceiptContent,
  type AcceptanceReceiptContent,
  type AcceptanceReceiptDocument,
} from './acceptance-receipt-content';
import {
  blocksHeight,
  CONTENT_BOTTOM,
  drawBlocks,
  drawFooter,
  drawHeader,
  FOOTER_GAP,
  gap,
  measureFooter,
  paragraphBlock,
  SECTION_GAP,
  tableBlocks,
  type PdfSetup,
  type RenderOptions,
  renderPdf,
} from './pdf-layout';

const NOTE_FONT_SIZE = 9.5;

export async function renderAcceptanceReceiptPdf(
  document: AcceptanceReceiptDocument,
  options: RenderOptions,
): Promise<Buffer> {
  const content = acceptanceReceiptContent(document);
  const setup: PdfSetup = {
    documentName: 'Acceptance receipt',
    fontPath: options.fontPath,
    info: { title: content.number, subject: content.title, author: document.registrationAuthority },
  };
  return renderPdf(setup, content.statusUrl, (doc, qrCode) => drawPage(doc, content, qrCode));
}

function drawPage(doc: PDFKit.PDFDocument, content: AcceptanceReceiptContent, qrCode: Buffer): void {
  const bodyTop = drawHeader(doc, content.title, content.subtitle);
  const body = [
    ...tableBlocks(doc, content.sections),
    gap(SECTION_GAP),
    paragraphBlock(doc, content.note, NOTE_FONT_SIZE),
  ];
  const footer = measureFooter(doc, {
    code: content.pickupCode,
    caption: content.statusCaption,
    url: content.statusUrl,
    signature: `${content.authority}\n${content.date}`,
  });
  // A receipt is handed over as one sheet; a second page would be lost at the counter.
  if (bodyTop + blocksHeight(body) > CONTENT_BOTTOM - footer.height - FOOTER_GAP) {
    throw new Error(`Acceptance receipt ${content.number} does not fit on one A4 page`);
  }
  drawBlocks(body, bodyTop);
  drawFooter(doc, footer, qrCode);
}
