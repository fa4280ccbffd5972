import { certificateContent, type CertificateContent, type CertificateDocument } from './certificate-content';
import {
  blocksHeight,
  CONTENT_BOTTOM,
  drawBlocks,
  drawFooter,
  drawHeader,
  FOOTER_GAP,
  measureFooter,
  tableBlocks,
  type PdfSetup,
  type RenderOptions,
  renderPdf,
} from './pdf-layout';

export async function renderCertificatePdf(
  document: CertificateDocument,
  options: RenderOptions,
): Promise<Buffer> {
  const content = certificateContent(document);
  const setup: PdfSetup = {
    documentName: 'Certificate',
    fontPath: options.fontPath,
    info: { title: content.number, subject: content.title, author: document.registrationAuthority },
  };
  return renderPdf(setup, content.verifyUrl, (doc, qrCode) => drawPage(doc, content, qrCode));
}

function drawPage(doc: PDFKit.PDFDocument, content: CertificateContent, qrCode: Buffer): void {
  const tablesTop = drawHeader(doc, content.title, content.number);
  const tables = tableBlocks(doc, content.sections);
  const footer = measureFooter(doc, {
    caption: content.verifyCaption,
    url: content.verifyUrl,
    signature: `${content.authority}\n${content.date}`,
  });
  if (tablesTop + blocksHeight(tables) > CONTENT_BOTTOM - footer.height - FOOTER_GAP) {
    throw new Error(`Certificate ${content.number} does not fit on one A4 page`);
  }
  drawBlocks(tables, tablesTop);
  drawFooter(doc, footer, qrCode);
}
