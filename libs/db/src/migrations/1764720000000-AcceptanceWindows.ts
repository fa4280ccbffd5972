import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The windows of measure (二)3: the registration centre's hall window and one per district. They are reference
 * data an administrator edits; the rows here are where the city starts.
 */
const WINDOWS: [code: string, name: string, districtCode: string | null, address: string][] = [
  ['ZX', '不动产登记中心大厅综合受理窗口', null, '乌海市不动产登记中心一楼大厅'],
  ['HBW', '海勃湾区受理窗口', '150302', '海勃湾区政务服务中心不动产登记窗口'],
  ['WD', '乌达区受理窗口', '150304', '乌达区政务服务中心不动产登记窗口'],
  ['HN', '海南区受理窗口', '150303', '海南区政务服务中心不动产登记窗口'],
  ['GX', '高新区受理窗口', null, '乌海高新技术产业开发区政务服务中心不动产登记窗口'],
];
const OPENING_HOURS = '周一至周五 9:00—12:00，14:30—17:30（法定节假日除外）';

/**
 * Window intake: the windows, the clerks who sit at them, the per-window daily number series, and one row per
 * decision at a counter (accepted with a receipt, or refused with a one-time notice).
 */
export class AcceptanceWindows1764720000000 implements MigrationInterface {
  name = 'AcceptanceWindows1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE acceptance_window (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Letters only: the acceptance number puts the date's digits right after the code.
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z]{2,4}$'),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
        district_code text CHECK (district_code IN ('150302', '150303', '150304')),
        address text NOT NULL CHECK (length(btrim(address)) BETWEEN 1 AND 200),
        opening_hours text NOT NULL CHECK (length(btrim(opening_hours)) BETWEEN 1 AND 200),
        phone text CHECK (phone ~ '^[0-9-]{7,20}$'),
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `INSERT INTO acceptance_window (code, name, district_code, address, opening_hours)
       SELECT code, name, district, address, $5
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS w (code, name, district, address)`,
      [...[0, 1, 2, 3].map((column) => WINDOWS.map((row) => row[column])), OPENING_HOURS],
    );

    await queryRunner.query(
      `ALTER TABLE app_user ADD COLUMN window_id uuid REFERENCES acceptance_window (id)`,
    );
    await queryRunner.query(
      `UPDATE app_user SET window_id = (SELECT id FROM acceptance_window WHERE code = 'ZX')
        WHERE 'clerk' = ANY (roles)`,
    );
    await queryRunner.query(`
      ALTER TABLE app_user ADD CONSTRAINT app_user_clerk_has_window
        CHECK (('clerk' = ANY (roles)) = (window_id IS NOT NULL))`);

    await queryRunner.query(`
      ALTER TABLE registration_application
        ADD COLUMN window_id uuid REFERENCES acceptance_window (id),
        ADD COLUMN acceptance_number text CHECK (acceptance_number ~ '^SL[A-Z]{2,4}[0-9]{12}$'),
        ADD COLUMN pickup_code_ciphertext bytea,
        ADD COLUMN pickup_code_hmac bytea,
        ADD CONSTRAINT application_window_channel_named CHECK (channel = 'online' OR window_id IS NOT NULL),
        ADD CONSTRAINT application_acceptance_number_complete CHECK (
          acceptance_number IS NULL
          OR (window_id IS NOT NULL AND accepted_at IS NOT NULL
              AND pickup_code_ciphertext IS NOT NULL AND pickup_code_hmac IS NOT NULL)
        )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX registration_acceptance_number_key ON registration_application (acceptance_number)
        WHERE acceptance_number IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX registration_application_window_idx ON registration_application (window_id, status)
        WHERE window_id IS NOT NULL`,
    );

    // Gapless per window, series and day: the counter row is incremented in the intake's own transaction, so
    // a rolled-back intake gives its number back and parallel intakes queue on the row.
    await queryRunner.query(`
      CREATE TABLE window_number_counter (
        window_id uuid NOT NULL REFERENCES acceptance_window (id),
        series text NOT NULL CHECK (series IN ('acceptance', 'notice')),
        day date NOT NULL,
        last_value integer NOT NULL CHECK (last_value BETWEEN 1 AND 9999),
        PRIMARY KEY (window_id, series, day)
      )`);

    await queryRunner.query(`
      CREATE TABLE window_intake (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        window_id uuid NOT NULL REFERENCES acceptance_window (id),
        clerk_id uuid NOT NULL REFERENCES app_user (id),
        application_id uuid NOT NULL REFERENCES registration_application (id),
        kind text NOT NULL CHECK (kind IN ('transfer', 'lease', 'mortgage', 'mortgage_release')),
        channel text NOT NULL CHECK (channel IN ('online', 'window')),
        outcome text NOT NULL CHECK (outcome IN ('accepted', 'refused')),
        -- A notice number is issued once; an acceptance number is printed again when the application, after a
        -- requisition, is accepted anew at the counter.
        document_number text NOT NULL CHECK (document_number ~ '^(SL|GZ)[A-Z]{2,4}[0-9]{12}$'),
        served_on date NOT NULL,
        started_at timestamptz NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        items jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(items) = 'array'),
        document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
        CONSTRAINT window_intake_served_in_order CHECK (started_at <= decided_at),
        CONSTRAINT window_intake_number_matches_outcome CHECK (
          (outcome = 'accepted') = (document_number LIKE 'SL%')
        ),
        -- A refusal always says why; an acceptance has nothing outstanding.
        CONSTRAINT window_intake_items_match_outcome CHECK (
          (outcome = 'refused') = (jsonb_array_length(items) > 0)
        )
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX window_intake_notice_number_key ON window_intake (document_number) WHERE outcome = 'refused'`,
    );
    await queryRunner.query(
      `CREATE INDEX window_intake_acceptance_number_idx ON window_intake (document_number) WHERE outcome = 'accepted'`,
    );
    await queryRunner.query(`CREATE INDEX window_intake_day_idx ON window_intake (served_on, window_id)`);
    await queryRunner.query(`CREATE INDEX window_intake_application_idx ON window_intake (application_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE window_intake`);
    await queryRunner.query(`DROP TABLE window_number_counter`);
    await queryRunner.query(`
      ALTER TABLE registration_application
        DROP COLUMN window_id, DROP COLUMN acceptance_number,
        DROP COLUMN pickup_code_ciphertext, DROP COLUMN pickup_code_hmac`);
    await queryRunner.query(`ALTER TABLE app_user DROP COLUMN window_id`);
    await queryRunner.query(`DROP TABLE acceptance_window`);
  }
}
