import type { MaterialCondition, MaterialType } from '@domain/registration/material-checklist';
import { materialName } from '@domain/registration/precheck';
import type { Role } from '../api/views';
import type { UnitImportStatus } from './views';

export const ROLE_LABELS: Record<Role, string> = {
  holder: '权利人',
  clerk: '窗口受理人员',
  reviewer: '审核人员',
  registrar: '登簿人员',
  admin: '系统管理员',
  auditor: '审计人员',
};

/** Holders register themselves; an administrator creates only staff accounts. */
export const STAFF_ROLE_OPTIONS = (['clerk', 'reviewer', 'registrar', 'admin', 'auditor'] as const).map(
  (value) => ({ value, label: ROLE_LABELS[value] }),
);

export const CONDITION_LABELS: Record<MaterialCondition, string> = {
  always: '一律需要',
  granted_land: '出让土地',
  allocated_land: '划拨土地',
  agent_present: '委托代理人办理',
  co_owned: '共有',
  mortgaged_with_consent_required: '已抵押且须抵押权人同意',
  leased: '已出租',
  idle_land_disposed: '闲置土地已处置',
};

export const PARTY_KIND_LABELS = { any: '不限', person: '个人', organization: '企业（单位）' } as const;

export const CONTENT_TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};

export function materialLabel(type: MaterialType): string {
  return materialName(type).zh;
}

export const IMPORT_STATUS: Record<UnitImportStatus, { label: string; color: string }> = {
  queued: { label: '排队中', color: 'default' },
  running: { label: '导入中', color: 'processing' },
  succeeded: { label: '已完成', color: 'success' },
  failed: { label: '失败', color: 'error' },
};

/** A reason is kept in the audit trail with the change it explains. */
export const REASON_RULES = [
  { required: true, whitespace: true, message: '请填写原因，将记入审计日志' },
  { max: 500, message: '不超过 500 字' },
];
