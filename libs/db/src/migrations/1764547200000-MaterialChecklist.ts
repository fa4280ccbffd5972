import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which materials each kind of application needs, and when: data shared by online applications and the
 * windows, following DOMAIN.md's transfer, lease and mortgage rules. Administrators change rows, not code.
 */
const DEFAULT_ROWS: [string, string, string, string][] = [
  ...['transfer', 'lease', 'mortgage', 'mortgage_release'].flatMap(
    (kind): [string, string, string, string][] => [
      [kind, 'any', 'identity', 'always'],
      [kind, 'any', 'power_of_attorney', 'agent_present'],
    ],
  ),
  ['transfer', 'any', 'certificate', 'always'],
  ['transfer', 'any', 'contract', 'always'],
  ['transfer', 'any', 'price_declaration', 'always'],
  ['transfer', 'any', 'investment_audit', 'granted_land'],
  ['transfer', 'any', 'grant_fee_receipt', 'granted_land'],
  ['transfer', 'any', 'approval_document', 'allocated_land'],
  ['transfer', 'any', 'coowner_consent', 'co_owned'],
  ['transfer', 'any', 'mortgagee_consent', 'mortgaged_with_consent_required'],
  ['transfer', 'any', 'idle_disposal_proof', 'idle_land_disposed'],
  ['lease', 'any', 'certificate', 'always'],
  ['lease', 'any', 'contract', 'always'],
  ['lease', 'any', 'coowner_consent', 'co_owned'],
  ['lease', 'any', 'approval_document', 'allocated_land'],
  ['mortgage', 'any', 'certificate', 'always'],
  ['mortgage', 'any', 'contract', 'always'],
  ['mortgage', 'any', 'loan_contract', 'always'],
  ['mortgage', 'any', 'coowner_consent', 'co_owned'],
  ['mortgage_release', 'any', 'release_consent', 'always'],
];

export class MaterialChecklist1764547200000 implements MigrationInterface {
  name = 'MaterialChecklist1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE material_requirement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('transfer', 'lease', 'mortgage', 'mortgage_release')),
        party_kind text NOT NULL CHECK (party_kind IN ('any', 'person', 'organization')),
        material_type text NOT NULL CHECK (material_type IN ('identity', 'certificate', 'contract',
          'price_declaration', 'investment_audit', 'approval_document', 'grant_fee_receipt', 'power_of_attorney',
          'coowner_consent', 'mortgagee_consent', 'lessee_consent', 'idle_disposal_proof', 'loan_contract',
          'release_consent', 'other')),
        condition text NOT NULL CHECK (condition IN ('always', 'granted_land', 'allocated_land', 'agent_present',
          'co_owned', 'mortgaged_with_consent_required', 'leased', 'idle_land_disposed')),
        allowed_content_types text[] NOT NULL DEFAULT ARRAY['application/pdf', 'image/jpeg', 'image/png']
          CHECK (allowed_content_types <@ ARRAY['application/pdf', 'image/jpeg', 'image/png']
                 AND cardinality(allowed_content_types) > 0),
        max_bytes integer NOT NULL DEFAULT 20971520 CHECK (max_bytes > 0),
        UNIQUE (kind, party_kind, material_type, condition)
      )`);
    await queryRunner.query(
      `INSERT INTO material_requirement (kind, party_kind, material_type, condition)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [0, 1, 2, 3].map((column) => DEFAULT_ROWS.map((row) => row[column])),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE material_requirement`);
  }
}
