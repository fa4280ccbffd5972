export type { CertificateDocument } from './certificate-content';
export * from './certificate-pdf';
