import { Role } from '@app/common';
import { PartyView } from './party.service';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  districts: string[];
  windowId: string | null;
  active: boolean;
  party?: PartyView;
}
