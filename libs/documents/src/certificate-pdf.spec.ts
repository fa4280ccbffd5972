import { inflateSync } from 'node:zlib';
import { renderCertificatePdf, type CertificateDocument } from '@app/documents';

const FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const PLATFORM = '乌海市土地二级市场交易平台';

const right: CertificateDocument = {
  series: 'right',
  certificateNumber: '蒙(2026)乌海市不动产权第0000001号',
  registrationKind: 'transfer',
  unitNumber: '150302001001GB00001W00000000',
  location: '海勃湾区新华大街以北',
  districtName: '海勃湾区',
  landUse: '0601',
  landUseName: '工业用地',
  rightType: 'granted',
  areaM2: '12345.67',
  termStart: '2010-01-01',
  termEnd: '2060-12-31',
  holders: [
    { name: '乌海市某某化工有限公司', identifierMasked: '91150300MA0N******', share: '0.5' },
    { name: '张三', identifierMasked: '150302********1234', share: '0.5' },
  ],
  matters: [],
  notes: ['抵押 第1顺位 抵押权人：中国银行股份有限公司乌海分行'],
  registeredAt: '2026-11-27T02:30:00Z',
  registrationAuthority: '乌海市不动产登记中心',
  verifyUrl: 'https://example.test/verify/certificates/8f3a2c1d9e',
};

const proof: CertificateDocument = {
  ...right,
  series: 'proof',
  certificateNumber: '蒙(2026)乌海市不动产证明第0000001号',
  registrationKind: 'mortgage',
  matters: [
    { label: '证明权利或事项', value: '抵押权' },
    { label: '抵押权人', value: '中国银行股份有限公司乌海分行' },
    { label: '被担保债权数额', value: '5000000.00元' },
    { label: '顺位', value: '第1顺位' },
    { label: '期限', value: '2026年11月27日起2029年11月26日止' },
  ],
};

/** Reads an Info entry, which pdfkit writes as an indirect literal string, UTF-16BE when it is not ASCII. */
function infoString(pdf: string, key: string): string {
  const reference = new RegExp(`/${key} (\\d+) 0 R`).exec(pdf);
  if (!reference) throw new Error(`No /${key} in the document`);
  const object = new RegExp(`\\n${reference[1]} 0 obj\\n\\(((?:\\\\.|[^\\\\)])*)\\)\\nendobj`, 's').exec(pdf);
  if (!object) throw new Error(`No string object for /${key}`);
  const bytes = Buffer.from(
    object[1].replace(/\\([0-7]{1,3}|.)/gs, (_, escaped: string) => {
      if (/^[0-7]/.test(escaped)) return String.fromCharCode(parseInt(escaped, 8));
      return { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }[escaped] ?? escaped;
    }),
    'latin1',
  );
  if (bytes[0] !== 0xfe || bytes[1] !== 0xff) return bytes.toString('latin1');
  return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
}

/** Code points the embedded font's ToUnicode map gives back, i.e. every character drawn with it. */
function mappedCharacters(buffer: Buffer): Set<string> {
  const pdf = buffer.toString('latin1');
  const characters = new Set<string>();
  for (const match of pdf.matchAll(/<<\n([^]*?)>>\nstream\n/g)) {
    const length = /\/Length (\d+)/.exec(match[1]);
    if (!length || !match[1].includes('/Filter /FlateDecode')) continue;
    const start = match.index + match[0].length;
    const text = inflateSync(buffer.subarray(start, start + Number(length[1]))).toString('latin1');
    for (const [, entries] of text.matchAll(/beginbfrange\n<[0-9a-f]+> <[0-9a-f]+> \[([^\]]*)\]/g)) {
      for (const [, hex] of entries.matchAll(/<([0-9a-f]{4})>/g)) {
        characters.add(String.fromCharCode(parseInt(hex, 16)));
      }
    }
  }
  return characters;
}

describe('renderCertificatePdf', () => {
  it.each([
    ['right', right, '不动产权证书'],
    ['proof', proof, '不动产登记证明'],
  ])('renders a %s certificate as one A4 page in the embedded CJK font', async (_, document, title) => {
    const buffer = await renderCertificatePdf(document, { fontPath: FONT_PATH });
    const pdf = buffer.toString('latin1');

    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    // The collection is 19 MB: a few tens of kilobytes means the font was subset, not copied whole.
    expect(buffer.length).toBeGreaterThan(20_000);
    expect(buffer.length).toBeLessThan(500_000);

    expect(pdf.match(/\/Type \/Page\b(?!s)/g)).toHaveLength(1);
    expect(pdf).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    expect(pdf).toContain('/FontFile3');
    expect(pdf).not.toMatch(/\/BaseFont \/(?!(?:[A-Z]{6}\+)?NotoSansCJKsc)/);
    expect(pdf).toMatch(/\/Type \/XObject\n\/Subtype \/Image/);

    const drawn = mappedCharacters(buffer);
    for (const character of `${title}扫码核验权利人附记`) expect(drawn).toContain(character);

    expect(infoString(pdf, 'Title')).toBe(document.certificateNumber);
    expect(infoString(pdf, 'Subject')).toBe(title);
    expect(infoString(pdf, 'Producer')).toBe(PLATFORM);
    expect(infoString(pdf, 'Creator')).toBe(PLATFORM);
  });

  it('shows the registered matters only on a document that has them', async () => {
    const [withoutMatters, withMatters] = await Promise.all(
      [right, proof].map((document) => renderCertificatePdf(document, { fontPath: FONT_PATH })),
    );
    // 被担保债权数额 appears only in the proof's matters.
    expect(mappedCharacters(withoutMatters)).not.toContain('债');
    expect(mappedCharacters(withMatters)).toContain('债');
  });

  it('rejects naming the path when the font file is missing', async () => {
    const fontPath = '/nonexistent/fonts/NotoSansCJK-Regular.ttc';
    await expect(renderCertificatePdf(right, { fontPath })).rejects.toThrow(
      `Certificate font ${fontPath} does not exist`,
    );
  });

  it('rejects a font file without the simplified Chinese face', async () => {
    const fontPath = __filename;
    await expect(renderCertificatePdf(right, { fontPath })).rejects.toThrow(
      `Certificate font ${fontPath} has no NotoSansCJKsc-Regular face`,
    );
  });

  it('rejects a document that would need a second page', async () => {
    const notes = Array.from({ length: 60 }, (_, index) => `查封 第${index + 1}轮 乌海市海勃湾区人民法院`);
    await expect(renderCertificatePdf({ ...right, notes }, { fontPath: FONT_PATH })).rejects.toThrow(
      'does not fit on one A4 page',
    );
  });
});
