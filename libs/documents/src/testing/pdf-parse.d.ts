/**
 * pdf-parse 1.x ships no types, and its entry point runs a debug mode that reads a bundled test file whenever it
 * thinks it is the main module (always, under Jest), so the library file is imported directly.
 */
declare module 'pdf-parse/lib/pdf-parse.js' {
  interface PdfPage {
    getTextContent(options?: {
      normalizeWhitespace?: boolean;
      disableCombineTextItems?: boolean;
    }): Promise<{ items: { str: string; transform: number[] }[] }>;
  }

  interface PdfParseOptions {
    /** Renders one page to text; pages render one after another, in order. */
    pagerender?: (page: PdfPage) => Promise<string>;
  }

  interface PdfParseResult {
    numpages: number;
    /** The pages' texts, each preceded by a blank line. */
    text: string;
    info: Record<string, unknown> | null;
  }

  function parsePdf(data: Buffer, options?: PdfParseOptions): Promise<PdfParseResult>;
  export = parsePdf;
}
