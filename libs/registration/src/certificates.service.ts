import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@app/audit';
import { ApiError } from '@app/common';
import { AppConfig, StorageConfig } from '@app/config';
import { CertificateDocument, renderCertificatePdf } from '@app/documents';
import {
  DISTRICT_CODES,
  DistrictCode,
  LAND_USE_CLASSES,
  landUseClassOf,
  RegistrationKind,
} from '@app/domain';
import { FilesService } from '@app/files';
import { APPLICATION_SELECT, ApplicationRow } from './application-record';
import { ApplicationNotifier } from './application-notifier';
import { ApplicationTransitions } from './application-transitions';

export interface CertificateVerification {
  valid: boolean;
  number: string;
  kind: RegistrationKind;
  unitNumber: string;
  holdersMasked: { name: string; identifierMasked: string; share: string }[];
  issuedAt: string | null;
  status: 'valid' | 'void';
}

interface CertificateRow {
  number: string;
  series: 'right' | 'proof';
  status: 'valid' | 'void';
  kind: RegistrationKind;
  unit_number: string;
  holders_masked: CertificateVerification['holdersMasked'];
  recorded_at: Date;
  file_id: string | null;
  issued_at: Date | null;
  application_id: string;
}

export const REGISTRATION_AUTHORITY = '乌海市不动产登记中心';

export type IssueOutcome = 'certified' | 'stale';

/**
 * 缮证: renders the certificate or registration proof of a recorded application, stores it and marks the
 * application certified. The number was fixed at recording, so a retry renders the same certificate again and
 * the guarded transition lets only one attempt finish.
 */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FilesService,
    private readonly transitions: ApplicationTransitions,
    private readonly audit: AuditService,
    private readonly notifier: ApplicationNotifier,
    private readonly app: AppConfig,
    private readonly storage: StorageConfig,
  ) {}

  /** The portal's verification page, which the QR code on the certificate opens: a page to read, not JSON. */
  verifyUrl(number: string): string {
    return `${this.app.publicBaseUrl.replace(/\/$/, '')}/verify/${encodeURIComponent(number)}`;
  }

  async issue(applicationId: string): Promise<IssueOutcome> {
    const [application]: ApplicationRow[] = await this.dataSource.query(
      `${APPLICATION_SELECT} WHERE a.id = $1`,
      [applicationId],
    );
    if (!application || application.status !== 'recorded' || !application.certificate_number) return 'stale';
    const pdf = await renderCertificatePdf(await this.document(application), {
      fontPath: this.storage.documentFontPath,
    });
    const file = await this.files.store(Readable.from(pdf), `${application.certificate_number}.pdf`, {
      id: application.recorded_by!,
      label: 'system',
    });
    return this.audit.transaction(async (manager) => {
      const [current]: ApplicationRow[] = await manager.query(
        `${APPLICATION_SELECT} WHERE a.id = $1 FOR UPDATE OF a`,
        [applicationId],
      );
      if (current.status !== 'recorded') return 'stale';
      await manager.query(
        `UPDATE certificate SET file_id = $2, issued_at = now() WHERE number = $1 AND file_id IS NULL`,
        [current.certificate_number, file.fileId],
      );
      const certified = await this.transitions.apply(manager, current, {
        action: 'certify',
        to: 'certified',
        actor: SYSTEM_ACTOR,
        auditData: {
          certificateNumber: current.certificate_number,
          fileId: file.fileId,
          sha256: file.sha256,
        },
      });
      await this.notifier.notify(
        manager,
        certified,
        ['parties'],
        'application.certified',
        '证书已签发 / Certificate issued',
        `${current.certificate_number} 已签发，可下载电子证书 / the certificate can be downloaded`,
      );
      return 'certified';
    });
  }

  async verify(number: string): Promise<CertificateVerification> {
    const row = await this.find(number);
    return {
      valid: row.status === 'valid' && row.issued_at !== null,
      number: row.number,
      kind: row.kind,
      unitNumber: row.unit_number,
      holdersMasked: row.holders_masked,
      issuedAt: row.issued_at?.toISOString() ?? null,
      status: row.status,
    };
  }

  /** The stored PDF and the application it belongs to, for the caller to check who may read it. */
  async pdf(number: string): Promise<{ fileId: string; applicationId: string }> {
    const row = await this.find(number);
    if (!row.file_id) {
      throw ApiError.notFound({
        zh: '证书尚未生成，请稍后再试',
        en: 'The certificate has not been rendered yet',
      });
    }
    return { fileId: row.file_id, applicationId: row.application_id };
  }

  private async find(number: string): Promise<CertificateRow> {
    const [row]: CertificateRow[] = await this.dataSource.query(
      `SELECT c.*, u.unit_number FROM certificate c JOIN real_estate_unit u ON u.id = c.unit_id WHERE c.number = $1`,
      [number.trim().replace('（', '(').replace('）', ')')],
    );
    if (!row) throw ApiError.notFound({ zh: '未找到该证书', en: 'No such certificate' });
    return row;
  }

  private async document(application: ApplicationRow): Promise<CertificateDocument> {
    const [unit]: {
      location: string;
      land_use: string;
      right_type: 'granted' | 'allocated';
      area_m2: string;
      term_start: string | null;
      term_end: string | null;
    }[] = await this.dataSource.query(
      `SELECT location, land_use, right_type, area_m2, term_start, term_end FROM real_estate_unit WHERE id = $1`,
      [application.unit_id],
    );
    const certificate = await this.find(application.certificate_number!);
    const landUseClass = LAND_USE_CLASSES[landUseClassOf(unit.land_use) as keyof typeof LAND_USE_CLASSES];
    return {
      series: certificate.series,
      certificateNumber: certificate.number,
      registrationKind: application.kind,
      unitNumber: application.unit_number,
      location: unit.location,
      districtName:
        DISTRICT_CODES[application.district_code as DistrictCode]?.zh ?? application.district_code,
      landUse: unit.land_use,
      landUseName: landUseClass?.zh ?? unit.land_use,
      rightType: unit.right_type,
      areaM2: unit.area_m2,
      termStart: unit.term_start,
      termEnd: unit.term_end,
      holders: certificate.holders_masked,
      matters: await this.matters(application),
      notes: await this.notes(application),
      registeredAt: certificate.recorded_at.toISOString(),
      registrationAuthority: REGISTRATION_AUTHORITY,
      verifyUrl: this.verifyUrl(certificate.number),
    };
  }

  private async matters(application: ApplicationRow): Promise<CertificateDocument['matters']> {
    switch (application.kind) {
      case 'transfer':
        return [];
      case 'lease':
        return [
          { label: '登记类型', value: '租赁登记' },
          { label: '租赁期限', value: `${application.lease_start} 至 ${application.lease_end}` },
          { label: '年租金（元）', value: application.annual_rent ?? '' },
        ];
      case 'mortgage':
        return [
          {
            label: '登记类型',
            value: application.mortgage_max_amount ? '最高额抵押权首次登记' : '抵押权首次登记',
          },
          {
            label: application.mortgage_max_amount ? '最高债权数额（元）' : '被担保债权数额（元）',
            value: application.mortgage_amount ?? '',
          },
          { label: '抵押顺位', value: `第${application.mortgage_rank}顺位` },
          { label: '债务履行期限', value: `${application.mortgage_start} 至 ${application.mortgage_end}` },
        ];
      case 'mortgage_release': {
        const [mortgage]: { certificate_number: string | null; rank: number }[] = await this.dataSource.query(
          `SELECT certificate_number, rank FROM mortgage WHERE id = $1`,
          [application.released_mortgage_id],
        );
        return [
          { label: '登记类型', value: '抵押权注销登记' },
          {
            label: '注销的抵押权',
            value: `第${mortgage?.rank ?? ''}顺位 ${mortgage?.certificate_number ?? ''}`.trim(),
          },
        ];
      }
    }
  }

  private async notes(application: ApplicationRow): Promise<string[]> {
    const rows: { rank: number; amount: string; term_end: string }[] = await this.dataSource.query(
      `SELECT rank, amount, term_end FROM mortgage WHERE unit_id = $1 AND status = 'current' ORDER BY rank`,
      [application.unit_id],
    );
    const notes = rows.map((row) => `抵押 第${row.rank}顺位 ${row.amount}元 至${row.term_end}`);
    if (application.kind === 'transfer' && application.declared_price) {
      notes.push(`转让价款 ${application.declared_price}元；受让人取得剩余年期`);
    }
    return notes;
  }
}
