export type { CertificateDocument } from './certificate-content';
export * from './certificate-pdf';
export type { RenderOptions } from './pdf-layout';
export type { WindowDocumentBase, WindowDocumentParty } from './window-document';
export * from './acceptance-receipt-content';
export * from './acceptance-receipt-pdf';
export * from './one-time-notice-content';
export * from './one-time-notice-pdf';
