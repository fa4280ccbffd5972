import { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploaded materials (scans, contracts): metadata here, content in the file store under `storage_key`. */
export class StoredFile1764460800000 implements MigrationInterface {
  name = 'StoredFile1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stored_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        uploaded_by uuid NOT NULL REFERENCES app_user (id),
        content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size_bytes bigint NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        original_name text CHECK (length(original_name) <= 255),
        storage_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX stored_file_uploader_idx ON stored_file (uploaded_by, created_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE stored_file`);
  }
}
