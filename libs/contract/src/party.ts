/** A party as the API shows it: the resident ID masked, an organisation by its credit code. */
export interface PartyView {
  id: string;
  kind: 'person' | 'organization';
  name: string;
  idNumberMasked?: string;
  uscc?: string;
}
