import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChecklistRule, RegistrationKind } from '@app/domain';

export interface ChecklistRow extends ChecklistRule {
  id: string;
  allowedContentTypes: string[];
  maxBytes: number;
}

/** The material checklist as the registration centre keeps it; the rules that apply it are in the domain. */
@Injectable()
export class MaterialChecklistService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async rows(kind?: RegistrationKind): Promise<ChecklistRow[]> {
    return this.dataSource.query(
      `SELECT id, kind, party_kind AS "partyKind", material_type AS "materialType", condition,
              allowed_content_types AS "allowedContentTypes", max_bytes AS "maxBytes"
         FROM material_requirement WHERE $1::text IS NULL OR kind = $1
        ORDER BY kind, material_type, condition, party_kind`,
      [kind ?? null],
    );
  }
}
