import { App, Button, Space, Tag, Upload } from 'antd';
import { useState } from 'react';
import { uploadFile } from '../api/client';
import { messageOf } from '../common/feedback';
import { DEFAULT_CONTENT_TYPES } from './counter';

const TYPE_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPG',
  'image/png': 'PNG',
};

/**
 * A scan taken at the counter, as a form control whose value is the stored file's id. The file types and
 * size the checklist allows are checked before the upload, so the clerk learns at once, not at submission.
 */
export function ScanUpload({
  value,
  onChange,
  accept = DEFAULT_CONTENT_TYPES,
  maxBytes = 20 * 1024 * 1024,
  label = '上传扫描件',
  testId,
}: {
  value?: string;
  onChange?: (fileId: string | undefined) => void;
  accept?: string[];
  maxBytes?: number;
  label?: string;
  testId?: string;
}) {
  const { message } = App.useApp();
  // The name of the file this control uploaded; a value set from outside (a draft taken up again) has none.
  const [uploaded, setUploaded] = useState<{ fileId: string; name: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function upload(file: File) {
    if (!accept.includes(file.type)) {
      message.error(`只接受 ${accept.map((type) => TYPE_NAMES[type] ?? type).join('、')} 格式的文件`);
      return;
    }
    if (file.size > maxBytes) {
      message.error(`文件不能超过 ${Math.floor(maxBytes / 1024 / 1024)} MB`);
      return;
    }
    setBusy(true);
    try {
      const stored = await uploadFile(file);
      setUploaded({ fileId: stored.fileId, name: file.name });
      onChange?.(stored.fileId);
    } catch (failure) {
      message.error(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  if (value) {
    return (
      <Space size={4} data-testid={testId} data-file-id={value}>
        <Tag color="success" style={{ maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {uploaded?.fileId === value ? uploaded.name : '已上传'}
        </Tag>
        <Button size="small" type="link" onClick={() => onChange?.(undefined)}>
          移除
        </Button>
      </Space>
    );
  }
  return (
    <span data-testid={testId}>
      <Upload
        accept={accept.join(',')}
        showUploadList={false}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button size="small" loading={busy}>
          {label}
        </Button>
      </Upload>
    </span>
  );
}
