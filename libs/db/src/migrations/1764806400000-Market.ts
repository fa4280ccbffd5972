import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The market: listings (挂牌信息) with their declarations, interests (意向登记), bids, and the deal
 * announcements (成交公示) of recorded trades. The listing row is the state machine (status + version); the
 * invariants that keep a unit from being offered twice and bids from going backwards are in the schema.
 */
export class Market1764806400000 implements MigrationInterface {
  name = 'Market1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Trigram indexes serve LIKE '%…%' on Chinese text: with a UTF-8 locale every Han character is a word
    // character, so any three consecutive characters of a keyword narrow the search through the index.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE SEQUENCE listing_number_seq`);
    await queryRunner.query(`
      CREATE TABLE listing (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_number text NOT NULL UNIQUE,
        unit_id uuid NOT NULL REFERENCES real_estate_unit (id),
        seller_party_id uuid NOT NULL REFERENCES party (id),
        created_by uuid NOT NULL REFERENCES app_user (id),
        kind text NOT NULL CHECK (kind IN ('transfer', 'lease')),
        mode text NOT NULL CHECK (mode IN ('negotiated', 'bidding', 'auction')),
        status text NOT NULL CHECK (status IN ('draft', 'pending_confirmation', 'published', 'closed', 'expired',
                                               'withdrawn')),
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        -- For a lease, the annual rent asked (and bid).
        asking_price numeric(16, 2) NOT NULL CHECK (asking_price > 0),
        bid_increment numeric(16, 2) CHECK (bid_increment > 0),
        extension_seconds integer CHECK (extension_seconds > 0),
        lease_start date,
        lease_end date,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
        declarations jsonb NOT NULL CHECK (jsonb_typeof(declarations) = 'object'),
        -- Copied from the unit when the listing is made, so the public search reads one table.
        unit_number text NOT NULL,
        district_code text NOT NULL,
        land_use text NOT NULL,
        -- The GB/T 21010 class searched by; an equality the indexes can serve, where a LIKE prefix cannot under
        -- the database's C.UTF-8 collation.
        land_use_class text GENERATED ALWAYS AS (left(land_use, 2)) STORED,
        area_m2 numeric(14, 2) NOT NULL CHECK (area_m2 > 0),
        location text NOT NULL,
        search_text text NOT NULL,
        highest_bid numeric(16, 2),
        bid_count integer NOT NULL DEFAULT 0 CHECK (bid_count >= 0),
        published_at timestamptz,
        confirmed_by uuid REFERENCES app_user (id),
        closed_at timestamptz,
        winner_party_id uuid REFERENCES party (id),
        final_price numeric(16, 2) CHECK (final_price > 0),
        application_id uuid REFERENCES registration_application (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT listing_period CHECK (ends_at > starts_at),
        CONSTRAINT listing_lease_terms CHECK (
          (kind = 'lease') = (lease_start IS NOT NULL AND lease_end IS NOT NULL)
          AND (lease_end IS NULL OR lease_end > lease_start)
        ),
        CONSTRAINT listing_bidding_needs_increment CHECK ((mode = 'negotiated') = (bid_increment IS NULL)),
        CONSTRAINT listing_auction_extends CHECK ((mode = 'auction') = (extension_seconds IS NOT NULL)),
        CONSTRAINT listing_bids_only_when_biddable CHECK (mode <> 'negotiated' OR bid_count = 0),
        CONSTRAINT listing_highest_bid_consistent CHECK (
          (bid_count = 0) = (highest_bid IS NULL) AND (highest_bid IS NULL OR highest_bid >= asking_price)
        ),
        CONSTRAINT listing_published_confirmed CHECK (
          status IN ('draft', 'pending_confirmation', 'withdrawn') OR (published_at IS NOT NULL
                                                                        AND confirmed_by IS NOT NULL)
        ),
        CONSTRAINT listing_closed_has_deal CHECK (
          (status = 'closed') = (winner_party_id IS NOT NULL AND final_price IS NOT NULL AND closed_at IS NOT NULL)
        ),
        CONSTRAINT listing_winner_not_seller CHECK (winner_party_id <> seller_party_id)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX listing_one_open_per_unit ON listing (unit_id)
        WHERE status IN ('pending_confirmation', 'published')`,
    );
    // The public search's usual shapes, each in the order it sorts by, so a page is read off an index and the
    // scan stops at the page's end instead of sorting every match.
    await queryRunner.query(
      `CREATE INDEX listing_district_class_price_idx ON listing (district_code, land_use_class, asking_price, id)
        WHERE status = 'published'`,
    );
    await queryRunner.query(
      `CREATE INDEX listing_district_price_idx ON listing (district_code, asking_price, id) WHERE status = 'published'`,
    );
    await queryRunner.query(
      `CREATE INDEX listing_price_idx ON listing (asking_price, id) WHERE status = 'published'`,
    );
    await queryRunner.query(
      `CREATE INDEX listing_area_idx ON listing (area_m2, id) WHERE status = 'published'`,
    );
    await queryRunner.query(
      `CREATE INDEX listing_published_at_idx ON listing (published_at DESC, id) WHERE status = 'published'`,
    );
    await queryRunner.query(
      `CREATE INDEX listing_search_text_idx ON listing USING gin (search_text gin_trgm_ops)
        WHERE status = 'published'`,
    );
    await queryRunner.query(`CREATE INDEX listing_due_idx ON listing (ends_at) WHERE status = 'published'`);
    await queryRunner.query(`CREATE INDEX listing_seller_idx ON listing (seller_party_id, created_at DESC)`);

    await queryRunner.query(`
      CREATE TABLE listing_attachment (
        listing_id uuid NOT NULL REFERENCES listing (id),
        file_id uuid NOT NULL REFERENCES stored_file (id),
        kind text NOT NULL CHECK (kind IN ('photo', 'document')),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (listing_id, file_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE listing_interest (
        listing_id uuid NOT NULL REFERENCES listing (id),
        party_id uuid NOT NULL REFERENCES party (id),
        registered_by uuid NOT NULL REFERENCES app_user (id),
        registered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (listing_id, party_id)
      )`);

    // Each accepted bid names the bid it beat, by sequence and amount, and the foreign key makes the database
    // check that it is really the one before: the bids of a listing form one strictly rising chain.
    await queryRunner.query(`
      CREATE TABLE bid (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL REFERENCES listing (id),
        sequence integer NOT NULL CHECK (sequence > 0),
        previous_sequence integer GENERATED ALWAYS AS (sequence - 1) STORED,
        bidder_party_id uuid NOT NULL REFERENCES party (id),
        placed_by uuid NOT NULL REFERENCES app_user (id),
        amount numeric(16, 2) NOT NULL CHECK (amount > 0),
        previous_amount numeric(16, 2),
        placed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (listing_id, sequence),
        UNIQUE (listing_id, sequence, amount),
        CONSTRAINT bid_follows_previous FOREIGN KEY (listing_id, previous_sequence, previous_amount)
          REFERENCES bid (listing_id, sequence, amount),
        CONSTRAINT bid_rises CHECK (previous_amount IS NULL OR amount > previous_amount),
        CONSTRAINT bid_first_has_no_predecessor CHECK ((sequence = 1) = (previous_amount IS NULL))
      )`);

    await queryRunner.query(`
      CREATE TABLE deal_announcement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL UNIQUE REFERENCES registration_application (id),
        listing_id uuid REFERENCES listing (id),
        kind text NOT NULL CHECK (kind IN ('transfer', 'lease')),
        unit_number text NOT NULL,
        district_code text NOT NULL,
        location text NOT NULL,
        land_use text NOT NULL,
        area_m2 numeric(14, 2) NOT NULL,
        price numeric(16, 2) NOT NULL CHECK (price > 0),
        deal_date date NOT NULL,
        -- Organisations by name, persons masked: 张* (150302********1234); never a full resident ID.
        parties jsonb NOT NULL CHECK (jsonb_typeof(parties) = 'array'),
        published_at timestamptz NOT NULL DEFAULT now(),
        visible_until date NOT NULL,
        CONSTRAINT deal_announcement_period CHECK (visible_until >= deal_date)
      )`);
    await queryRunner.query(
      `CREATE INDEX deal_announcement_visible_idx ON deal_announcement (visible_until, published_at DESC)`,
    );
    await queryRunner.query(
      `ALTER TABLE registration_application
         ADD CONSTRAINT registration_application_listing_fk FOREIGN KEY (listing_id) REFERENCES listing (id)`,
    );
    // Statistics and the announcement sweep read recorded trades by their recording date.
    await queryRunner.query(
      `CREATE INDEX registration_application_recorded_idx ON registration_application (recorded_at)
        WHERE status IN ('recorded', 'certified')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX registration_application_recorded_idx`);
    await queryRunner.query(
      `ALTER TABLE registration_application DROP CONSTRAINT registration_application_listing_fk`,
    );
    await queryRunner.query(`DROP TABLE deal_announcement`);
    await queryRunner.query(`DROP TABLE bid`);
    await queryRunner.query(`DROP TABLE listing_interest`);
    await queryRunner.query(`DROP TABLE listing_attachment`);
    await queryRunner.query(`DROP TABLE listing`);
    await queryRunner.query(`DROP SEQUENCE listing_number_seq`);
  }
}
