import parsePdf from 'pdf-parse/lib/pdf-parse.js';

export interface PdfReading {
  /** Each page's text; see extractPdfText for how the lines come out. */
  pages: string[];
  /** The document information dictionary, strings decoded (Title, Subject, Author, Creator, Producer …). */
  info: Record<string, unknown>;
}

export async function readPdf(pdf: Buffer): Promise<PdfReading> {
  const pages: string[] = [];
  const { numpages, info } = await parsePdf(pdf, {
    pagerender: async (page) => {
      const { items } = await page.getTextContent();
      let text = '';
      let baseline: number | undefined;
      for (const item of items) {
        const y = item.transform[5];
        text += baseline === undefined || y === baseline ? item.str : `\n${item.str}`;
        baseline = y;
      }
      pages.push(text);
      return text;
    },
  });
  // pdf-parse turns a page it fails to read into an empty string; a test must not pass on that.
  if (pages.length !== numpages) throw new Error(`Read the text of ${pages.length} of ${numpages} pages`);
  return { pages, info: info ?? {} };
}

/**
 * The text of every page, top to bottom, pages separated by a blank line. Text drawn on one baseline comes back
 * as one line with nothing between the pieces (a table's label runs into its value: 登记类型转移登记), and a
 * string that wrapped comes back as several lines, so compare with whitespace removed where the wrap point is
 * not fixed (long messages, URLs).
 */
export async function extractPdfText(pdf: Buffer): Promise<string> {
  return (await readPdf(pdf)).pages.join('\n\n');
}
