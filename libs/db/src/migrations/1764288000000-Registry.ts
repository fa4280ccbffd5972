import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register (登记簿): units, use rights with their holders, encumbrances and restrictions, plus the
 * reference data every check uses (benchmark prices, the working-day calendar and the settings table).
 */
export class Registry1764288000000 implements MigrationInterface {
  name = 'Registry1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await queryRunner.query(`
      CREATE TABLE real_estate_unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_number text NOT NULL UNIQUE CHECK (unit_number ~ '^[0-9]{12}GB[0-9]{5}[FW][0-9]{8}$'),
        district_code text NOT NULL CHECK (district_code IN ('150302', '150303', '150304')),
        location text NOT NULL CHECK (length(btrim(location)) BETWEEN 1 AND 300),
        land_use text NOT NULL CHECK (land_use ~ '^[0-9]{4}$'),
        land_grade smallint CHECK (land_grade BETWEEN 1 AND 20),
        right_type text NOT NULL CHECK (right_type IN ('granted', 'allocated')),
        term_start date,
        term_end date,
        area_m2 numeric(14, 2) NOT NULL CHECK (area_m2 > 0),
        parcel_area_m2 numeric(14, 2),
        plot_ratio numeric(6, 2) CHECK (plot_ratio >= 0),
        building_density numeric(5, 2) CHECK (building_density BETWEEN 0 AND 100),
        green_ratio numeric(5, 2) CHECK (green_ratio BETWEEN 0 AND 100),
        grant_fee_paid boolean NOT NULL DEFAULT false,
        investment_ratio numeric(5, 4) NOT NULL DEFAULT 0 CHECK (investment_ratio BETWEEN 0 AND 1),
        taken_back_at date,
        geometry geometry(MultiPolygon, 4490),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT unit_district_matches_number CHECK (left(unit_number, 6) = district_code),
        CONSTRAINT unit_term_matches_right_type CHECK (
          (right_type = 'granted' AND term_start IS NOT NULL AND term_end IS NOT NULL AND term_end > term_start)
          OR (right_type = 'allocated' AND term_end IS NULL)
        ),
        CONSTRAINT unit_geometry_valid CHECK (geometry IS NULL OR ST_IsValid(geometry))
      )`);
    await queryRunner.query(
      `CREATE INDEX real_estate_unit_geometry_idx ON real_estate_unit USING gist (geometry)`,
    );
    await queryRunner.query(
      `CREATE INDEX real_estate_unit_district_idx ON real_estate_unit (district_code, land_use)`,
    );

    await queryRunner.query(`
      CREATE TABLE use_right (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES real_estate_unit (id),
        certificate_number text UNIQUE,
        status text NOT NULL CHECK (status IN ('current', 'historic')),
        predecessor_id uuid REFERENCES use_right (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        CONSTRAINT use_right_ended_when_historic CHECK ((status = 'historic') = (ended_at IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX use_right_one_current_per_unit ON use_right (unit_id) WHERE status = 'current'`,
    );

    await queryRunner.query(`
      CREATE TABLE right_holder (
        right_id uuid NOT NULL REFERENCES use_right (id),
        party_id uuid NOT NULL REFERENCES party (id),
        share numeric(9, 8) NOT NULL CHECK (share > 0 AND share <= 1),
        PRIMARY KEY (right_id, party_id)
      )`);
    await queryRunner.query(`CREATE INDEX right_holder_party_idx ON right_holder (party_id)`);
    // Deferred to commit time so the holders of one right can be inserted row by row.
    await queryRunner.query(`
      CREATE FUNCTION right_holder_shares_sum_to_one() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        total numeric;
        right_key uuid := COALESCE(NEW.right_id, OLD.right_id);
      BEGIN
        SELECT sum(share) INTO total FROM right_holder WHERE right_id = right_key;
        IF total IS NOT NULL AND abs(total - 1) > 0.000001 THEN
          RAISE EXCEPTION 'holder shares of right % sum to %, not 1', right_key, total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'right_holder_shares_sum_to_one';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER right_holder_shares_sum_to_one
      AFTER INSERT OR UPDATE OR DELETE ON right_holder DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION right_holder_shares_sum_to_one()`);

    await queryRunner.query(`
      CREATE TABLE mortgage (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES real_estate_unit (id),
        mortgagee_party_id uuid NOT NULL REFERENCES party (id),
        amount numeric(16, 2) NOT NULL CHECK (amount > 0),
        max_amount boolean NOT NULL DEFAULT false,
        rank integer NOT NULL CHECK (rank > 0),
        term_start date NOT NULL,
        term_end date NOT NULL,
        status text NOT NULL CHECK (status IN ('current', 'released')),
        certificate_number text UNIQUE,
        allocated_land_fee_first boolean NOT NULL DEFAULT false,
        registered_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        CONSTRAINT mortgage_term_order CHECK (term_end > term_start),
        CONSTRAINT mortgage_released_when_released CHECK ((status = 'released') = (released_at IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX mortgage_rank_per_unit ON mortgage (unit_id, rank) WHERE status = 'current'`,
    );

    await queryRunner.query(`
      CREATE TABLE lease (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES real_estate_unit (id),
        lessee_party_id uuid NOT NULL REFERENCES party (id),
        term_start date NOT NULL,
        term_end date NOT NULL,
        annual_rent numeric(16, 2) NOT NULL CHECK (annual_rent >= 0),
        allocated_land_income boolean NOT NULL DEFAULT false,
        land_income_amount numeric(16, 2) CHECK (land_income_amount >= 0),
        status text NOT NULL CHECK (status IN ('current', 'ended')),
        registered_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        CONSTRAINT lease_term_order CHECK (term_end > term_start),
        CONSTRAINT lease_at_most_twenty_years CHECK (term_end <= term_start + interval '20 years'),
        CONSTRAINT lease_ended_when_ended CHECK ((status = 'ended') = (ended_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX lease_unit_idx ON lease (unit_id) WHERE status = 'current'`);
    await queryRunner.query(`
      CREATE FUNCTION lease_within_land_term() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        land_term_end date;
      BEGIN
        SELECT term_end INTO land_term_end FROM real_estate_unit WHERE id = NEW.unit_id;
        IF land_term_end IS NOT NULL AND NEW.term_end > land_term_end THEN
          RAISE EXCEPTION 'lease ends % after the land term ends %', NEW.term_end, land_term_end
            USING ERRCODE = 'check_violation', CONSTRAINT = 'lease_within_land_term';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER lease_within_land_term BEFORE INSERT OR UPDATE ON lease
      FOR EACH ROW EXECUTE FUNCTION lease_within_land_term()`);

    await queryRunner.query(`
      CREATE TABLE restriction (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES real_estate_unit (id),
        kind text NOT NULL CHECK (kind IN ('seizure', 'objection', 'idle')),
        reference text NOT NULL CHECK (length(btrim(reference)) BETWEEN 1 AND 200),
        authority text,
        start_date date NOT NULL,
        end_date date,
        disposal_status text CHECK (disposal_status IN ('pending', 'fee_paid', 'construction_started')),
        created_by uuid REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        lifted_at timestamptz,
        lifted_by uuid REFERENCES app_user (id),
        lift_reason text,
        CONSTRAINT restriction_dates_order CHECK (end_date IS NULL OR end_date >= start_date),
        CONSTRAINT restriction_disposal_only_for_idle CHECK ((kind = 'idle') = (disposal_status IS NOT NULL)),
        CONSTRAINT restriction_idle_lifted_after_disposal CHECK (
          kind <> 'idle' OR lifted_at IS NULL OR disposal_status <> 'pending'
        ),
        CONSTRAINT restriction_lift_complete CHECK (
          (lifted_at IS NULL AND lifted_by IS NULL AND lift_reason IS NULL)
          OR (lifted_at IS NOT NULL AND lift_reason IS NOT NULL)
        )
      )`);
    await queryRunner.query(
      `CREATE INDEX restriction_active_idx ON restriction (unit_id) WHERE lifted_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE benchmark_price (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_code text NOT NULL CHECK (district_code IN ('150302', '150303', '150304')),
        land_use_class text NOT NULL CHECK (land_use_class ~ '^[0-9]{2}$'),
        grade smallint NOT NULL CHECK (grade BETWEEN 1 AND 20),
        price_per_m2 numeric(12, 2) NOT NULL CHECK (price_per_m2 > 0),
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT benchmark_price_period_order CHECK (valid_to >= valid_from),
        CONSTRAINT benchmark_price_no_overlap EXCLUDE USING gist (
          district_code WITH =, land_use_class WITH =, grade WITH =,
          daterange(valid_from, valid_to, '[]') WITH &&
        )
      )`);

    await queryRunner.query(`
      CREATE TABLE calendar_year (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        source text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE work_calendar (
        date date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
        name text,
        source text NOT NULL CHECK (source IN ('chinese-days', 'admin')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user (id),
        CONSTRAINT work_calendar_kind_fits_weekday CHECK (
          (kind = 'holiday' AND extract(isodow FROM date) < 6) OR (kind = 'workday' AND extract(isodow FROM date) >= 6)
        )
      )`);

    await queryRunner.query(`
      CREATE TABLE setting (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        description text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES app_user (id),
        version integer NOT NULL DEFAULT 1
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'setting',
      'work_calendar',
      'calendar_year',
      'benchmark_price',
      'restriction',
      'lease',
      'mortgage',
      'right_holder',
      'use_right',
      'real_estate_unit',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION lease_within_land_term()`);
    await queryRunner.query(`DROP FUNCTION right_holder_shares_sum_to_one()`);
  }
}
