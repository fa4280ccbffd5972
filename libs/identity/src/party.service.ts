import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApiError } from '@app/common';
import type { PartyView } from '@app/contract';
import { PartyEntity } from '@app/db';
import { maskResidentId, normalizeResidentId, normalizeUscc } from '@app/domain';
import { PiiCipher } from './pii-cipher';

export type { PartyView };

export type PartyInput =
  { kind: 'person'; name: string; idNumber: string } | { kind: 'organization'; name: string; uscc: string };

export function toPartyView(party: PartyEntity): PartyView {
  return party.kind === 'person'
    ? { id: party.id, kind: 'person', name: party.name, idNumberMasked: party.idNumberMasked ?? undefined }
    : { id: party.id, kind: 'organization', name: party.name, uscc: party.uscc ?? undefined };
}

@Injectable()
export class PartyService {
  constructor(private readonly cipher: PiiCipher) {}

  /**
   * A party is identified by its ID number or credit code, never by name. An existing party is reused
   * (the register may already know it); a different name for the same identifier is a conflict, not an update.
   */
  async findOrCreate(manager: EntityManager, input: PartyInput): Promise<PartyEntity> {
    const name = input.name.trim();
    const existing = await this.findByIdentifier(manager, input);
    if (existing) {
      if (existing.name !== name) {
        throw ApiError.conflict(
          {
            zh: '该证件号码已登记在另一名称下，请核对姓名或名称',
            en: 'This identifier is already registered under a different name',
          },
          { field: 'party.name' },
        );
      }
      return existing;
    }
    const idNumber = input.kind === 'person' ? normalizeResidentId(input.idNumber) : null;
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO party (kind, name, id_number_ciphertext, id_number_hmac, id_number_masked, uscc)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        input.kind,
        name,
        idNumber && this.cipher.encrypt(idNumber),
        idNumber && this.cipher.lookupHash(idNumber),
        idNumber && maskResidentId(idNumber),
        input.kind === 'organization' ? normalizeUscc(input.uscc) : null,
      ],
    );
    // No row means a concurrent request created the same party first; take the lookup path again.
    return row ? manager.findOneByOrFail(PartyEntity, { id: row.id }) : this.findOrCreate(manager, input);
  }

  async findByIdentifier(manager: EntityManager, input: PartyInput): Promise<PartyEntity | null> {
    if (input.kind === 'person') {
      return manager
        .getRepository(PartyEntity)
        .createQueryBuilder('party')
        .where('party.id_number_hmac = :hmac', {
          hmac: this.cipher.lookupHash(normalizeResidentId(input.idNumber)),
        })
        .getOne();
    }
    return manager.findOneBy(PartyEntity, { uscc: normalizeUscc(input.uscc) });
  }
}
