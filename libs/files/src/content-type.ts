/**
 * The type of an upload is read from its first bytes, never from its name or the client's header: a
 * renamed executable must not pass as a PDF scan.
 */
export type MaterialContentType = 'application/pdf' | 'image/jpeg' | 'image/png';

const SIGNATURES: { type: MaterialContentType; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

export const SNIFF_BYTES = 8;

export function sniffContentType(head: Buffer): MaterialContentType | null {
  return SIGNATURES.find(({ bytes }) => bytes.every((byte, index) => head[index] === byte))?.type ?? null;
}
