import { UnitImportError } from './import-problem';

export type ScannedFeature = { line: number; text: string } | { line: number; text: null };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const BYTE_ORDER_MARK = 0xfeff;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Cuts a GeoJSON FeatureCollection arriving in chunks into the text of its features, each with the line it
 * starts on, so a file of a million parcels is never held in memory as one JSON document. It tracks only
 * nesting and strings; each feature's text is then parsed on its own, so a broken feature rejects that feature
 * and not the file. An element of `features` that is not an object comes out with `text: null`.
 */
export class FeatureCollectionScanner {
  private depth = 0;
  private line = 1;
  private inString = false;
  private escaped = false;
  private expectKey = false;
  private lastKey: string | null = null;
  private topLevelType: string | null = null;
  private topString: string | null = null;
  private inFeatures = false;
  private sawFeatures = false;
  private started = false;
  private finished = false;
  private featureParts: string[] | null = null;
  private featureLine = 0;
  private badElementLine: number | null = null;

  push(chunk: string): ScannedFeature[] {
    const features: ScannedFeature[] = [];
    let captureFrom = this.featureParts ? 0 : -1;
    let stringFrom = this.topString !== null ? 0 : -1;
    for (let index = 0; index < chunk.length; index++) {
      const code = chunk.charCodeAt(index);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === BACKSLASH) this.escaped = true;
        else if (code === QUOTE) {
          this.inString = false;
          if (stringFrom >= 0) {
            this.topString += chunk.slice(stringFrom, index);
            stringFrom = -1;
            this.onTopLevelString(this.topString as string);
            this.topString = null;
          }
        } else if (code === NEWLINE) this.line += 1;
        continue;
      }
      if (code === NEWLINE) {
        this.line += 1;
        continue;
      }
      if (isWhitespace(code)) continue;
      if (this.finished) throw this.malformed();
      if (!this.started) {
        if (code === BYTE_ORDER_MARK && index === 0) continue;
        if (code !== OPEN_BRACE) throw this.notACollection();
        this.started = true;
      }
      const featureElementLevel = this.inFeatures && this.depth === 2;
      switch (code) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1) {
            stringFrom = index + 1;
            this.topString = '';
          } else if (featureElementLevel) this.markBadElement();
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          if (this.depth === 1 && code === OPEN_BRACKET && this.lastKey === 'features' && !this.expectKey) {
            this.inFeatures = true;
            this.sawFeatures = true;
          } else if (featureElementLevel && code === OPEN_BRACE && this.badElementLine === null) {
            this.featureParts = [];
            this.featureLine = this.line;
            captureFrom = index;
          } else if (featureElementLevel) this.markBadElement();
          this.depth += 1;
          if (this.depth === 1) this.expectKey = true;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          this.depth -= 1;
          if (this.depth < 0) throw this.malformed();
          if (this.depth === 2 && this.featureParts) {
            this.featureParts.push(chunk.slice(captureFrom, index + 1));
            features.push({ line: this.featureLine, text: this.featureParts.join('') });
            this.featureParts = null;
            captureFrom = -1;
          } else if (this.depth === 1 && this.inFeatures) {
            this.flushBadElement(features);
            this.inFeatures = false;
          } else if (this.depth === 0) this.finished = true;
          break;
        case COMMA:
          if (this.depth === 1) this.expectKey = true;
          else if (featureElementLevel) this.flushBadElement(features);
          break;
        case COLON:
          if (this.depth === 1) this.expectKey = false;
          break;
        default:
          if (featureElementLevel) this.markBadElement();
      }
    }
    if (captureFrom >= 0 && this.featureParts) this.featureParts.push(chunk.slice(captureFrom));
    if (stringFrom >= 0 && this.topString !== null) this.topString += chunk.slice(stringFrom);
    return features;
  }

  /** Throws unless the whole input was one complete FeatureCollection. */
  end(): void {
    if (!this.started) throw this.notACollection();
    if (!this.finished || this.inString) throw this.malformed();
    if (this.topLevelType !== 'FeatureCollection' || !this.sawFeatures) throw this.notACollection();
  }

  private onTopLevelString(value: string): void {
    if (this.expectKey) this.lastKey = value;
    else if (this.lastKey === 'type') this.topLevelType = value;
  }

  private markBadElement(): void {
    this.badElementLine ??= this.line;
  }

  private flushBadElement(features: ScannedFeature[]): void {
    if (this.badElementLine === null) return;
    features.push({ line: this.badElementLine, text: null });
    this.badElementLine = null;
  }

  private malformed(): UnitImportError {
    return new UnitImportError(
      `文件不是完整的 JSON（第 ${this.line} 行附近结构不完整）`,
      `the file is not complete JSON (structure broken near line ${this.line})`,
    );
  }

  private notACollection(): UnitImportError {
    return new UnitImportError(
      'GeoJSON 文件须为带 features 数组的 FeatureCollection',
      'a GeoJSON file must be a FeatureCollection with a features array',
    );
  }
}
