import { MigrationInterface, QueryRunner } from 'typeorm';

/** A holder's own bids (`GET /listings/my-bids`) are read by bidder, across listings. */
export class BidderIndex1764979200000 implements MigrationInterface {
  name = 'BidderIndex1764979200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX bid_bidder_idx ON bid (bidder_party_id, listing_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX bid_bidder_idx`);
  }
}
