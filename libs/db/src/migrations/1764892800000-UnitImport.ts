import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unit imports requested over HTTP: the uploaded file waits in the file store, the worker imports it and keeps
 * the row's progress current, and the problem report goes back to the file store. The row is the state machine
 * (status + version), so a job delivered twice finds the import already claimed or finished.
 */
export class UnitImport1764892800000 implements MigrationInterface {
  name = 'UnitImport1764892800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE unit_import (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        file_name text NOT NULL CHECK (length(btrim(file_name)) BETWEEN 1 AND 255),
        format text NOT NULL CHECK (format IN ('csv', 'geojson')),
        file_size bigint NOT NULL CHECK (file_size > 0),
        file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
        file_key text NOT NULL UNIQUE,
        bytes_read bigint NOT NULL DEFAULT 0 CHECK (bytes_read >= 0),
        records_read integer NOT NULL DEFAULT 0 CHECK (records_read >= 0),
        imported integer NOT NULL DEFAULT 0 CHECK (imported >= 0),
        already_registered integer NOT NULL DEFAULT 0 CHECK (already_registered >= 0),
        rejected integer NOT NULL DEFAULT 0 CHECK (rejected >= 0),
        -- One rejected record may have several problems; the report has one line per problem.
        problems integer NOT NULL DEFAULT 0 CHECK (problems >= 0),
        report_key text UNIQUE,
        failure text CHECK (length(failure) BETWEEN 1 AND 2000),
        requested_by uuid NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        -- Moved by every write of a running import: a running row left unchanged for long has lost its worker.
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT unit_import_bytes_within_file CHECK (bytes_read <= file_size),
        CONSTRAINT unit_import_counts_within_read CHECK (imported + already_registered + rejected <= records_read),
        CONSTRAINT unit_import_problems_reject CHECK ((rejected = 0) = (problems = 0)),
        CONSTRAINT unit_import_lifecycle CHECK (
          CASE status
            WHEN 'queued' THEN finished_at IS NULL
            WHEN 'running' THEN started_at IS NOT NULL AND finished_at IS NULL
            ELSE started_at IS NOT NULL AND finished_at >= started_at
          END
        ),
        CONSTRAINT unit_import_success_complete CHECK (
          status <> 'succeeded'
          OR (bytes_read = file_size AND imported + already_registered + rejected = records_read
              AND (problems > 0) = (report_key IS NOT NULL))
        ),
        CONSTRAINT unit_import_report_on_success CHECK (report_key IS NULL OR status = 'succeeded'),
        CONSTRAINT unit_import_failure_explained CHECK ((status = 'failed') = (failure IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX unit_import_created_idx ON unit_import (created_at DESC, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE unit_import`);
  }
}
