export default function CertificateVerification() {
  return null;
}
