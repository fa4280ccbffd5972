import {
  oneTimeNoticeContent,
  type OneTimeNoticeContent,
  type OneTimeNoticeDocument,
  type OneTimeNoticeItem,
} from './one-time-notice-content';
import {
  CONTENT_BOTTOM,
  CONTENT_WIDTH,
  drawHeader,
  drawTextFooter,
  FOOTER_GAP,
  gap,
  MARGIN,
  measureTextFooter,
  paragraphBlock,
  SECTION_GAP,
  stack,
  TABLE_FONT_SIZE,
  tableBlocks,
  type Block,
  type PdfSetup,
  type RenderOptions,
  renderPdf,
} from './pdf-layout';

const ITEM_MARKER_WIDTH = 22;
const ITEM_GAP = 2;

export async function renderOneTimeNoticePdf(
  document: OneTimeNoticeDocument,
  options: RenderOptions,
): Promise<Buffer> {
  const content = oneTimeNoticeContent(document);
  const setup: PdfSetup = {
    documentName: 'One-time notice',
    fontPath: options.fontPath,
    info: { title: content.number, subject: content.title, author: document.registrationAuthority },
  };
  return renderPdf(setup, null, (doc) => drawPages(doc, content));
}

/**
 * A notice must name every item, so where the certificate and the receipt refuse a second page, the notice
 * carries on: blocks flow down the page and start a new one under a continuation heading when they run out of
 * room. The last item and the closing sentence go together and keep room for the footer, so that neither the
 * closing nor the footer ever stands on a page of its own.
 */
function drawPages(doc: PDFKit.PDFDocument, content: OneTimeNoticeContent): void {
  const items = content.items.map((item) => itemBlock(doc, item));
  const blocks: Block[] = [
    ...tableBlocks(doc, content.sections),
    gap(SECTION_GAP),
    paragraphBlock(doc, content.instruction, TABLE_FONT_SIZE),
    ...items.slice(0, -1).flatMap((item) => [gap(ITEM_GAP), item]),
    gap(ITEM_GAP),
    stack([items[items.length - 1], gap(SECTION_GAP), paragraphBlock(doc, content.closing, TABLE_FONT_SIZE)]),
  ];
  const footer = measureTextFooter(doc, content.contact, `${content.authority}\n${content.date}`);

  let pageTop = drawHeader(doc, content.title, content.subtitle);
  let y = pageTop;
  blocks.forEach((block, index) => {
    if (block.spacer) {
      if (y > pageTop) y += block.height;
      return;
    }
    const bottom = index === blocks.length - 1 ? CONTENT_BOTTOM - FOOTER_GAP - footer.height : CONTENT_BOTTOM;
    if (y + block.height > bottom) {
      doc.addPage();
      pageTop = drawContinuationHeader(doc, content);
      y = pageTop;
      if (y + block.height > bottom) {
        throw new Error(`One-time notice ${content.number} has an entry taller than a page`);
      }
    }
    block.draw(y);
    y += block.height;
  });
  drawTextFooter(doc, footer);
}

/** A single line: the page belongs to the notice named on the first, and needs no second title block. */
function drawContinuationHeader(doc: PDFKit.PDFDocument, content: OneTimeNoticeContent): number {
  doc.fillColor('black').fontSize(12);
  doc.text(`${content.continuedTitle}\u3000${content.subtitle}`, MARGIN, MARGIN, {
    width: CONTENT_WIDTH,
    align: 'center',
  });
  return doc.y + 18;
}

function itemBlock(doc: PDFKit.PDFDocument, item: OneTimeNoticeItem): Block {
  const text = { width: CONTENT_WIDTH - ITEM_MARKER_WIDTH, lineGap: 2 };
  const height = doc.fontSize(TABLE_FONT_SIZE).heightOfString(item.text, text);
  return {
    height,
    draw(top) {
      doc.fillColor('black').fontSize(TABLE_FONT_SIZE);
      doc.text(item.marker, MARGIN, top, { width: ITEM_MARKER_WIDTH, lineBreak: false });
      doc.text(item.text, MARGIN + ITEM_MARKER_WIDTH, top, text);
    },
  };
}
