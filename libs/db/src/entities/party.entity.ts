import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type PartyKind = 'person' | 'organization';

/** 权利人/申请人. A person's resident ID is never stored in clear: ciphertext for display, HMAC for lookup. */
@Entity('party')
export class PartyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: PartyKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'id_number_ciphertext', type: 'bytea', nullable: true, select: false })
  idNumberCiphertext!: Buffer | null;

  @Column({ name: 'id_number_hmac', type: 'bytea', nullable: true, select: false })
  idNumberHmac!: Buffer | null;

  @Column({ name: 'id_number_masked', type: 'text', nullable: true })
  idNumberMasked!: string | null;

  @Column({ type: 'text', nullable: true })
  uscc!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
