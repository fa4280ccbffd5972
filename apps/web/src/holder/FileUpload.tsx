import { App, Button, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useRef, useState } from 'react';
import { fetchDocument, uploadFile } from '../api/client';
import { messageOf } from '../common/feedback';

export interface UploadedFile {
  fileId: string;
  name: string;
}

/** What `POST /files` takes (API.md): PDF, JPEG or PNG of at most 20 MB. */
export const DOCUMENT_TYPES = 'application/pdf,image/jpeg,image/png';
export const PHOTO_TYPES = 'image/jpeg,image/png';
const MAX_BYTES = 20 * 1024 * 1024;

function fileIdOf(file: UploadFile): string | undefined {
  return (file as UploadFile & { fileId?: string }).fileId;
}

/**
 * A form field whose value is the files already stored by `POST /files`: each file is uploaded as soon as it is
 * chosen, so the form submits only file ids, and a refused file is reported at once, beside the field.
 */
export function FileUpload({
  value = [],
  onChange,
  onUploaded,
  accept = DOCUMENT_TYPES,
  multiple = true,
  buttonText = '选择文件',
  testId,
  disabled,
}: {
  value?: UploadedFile[];
  onChange?: (files: UploadedFile[]) => void;
  /** Instead of keeping the files as a value: each stored file is handed over and leaves the list once taken. */
  onUploaded?: (file: UploadedFile) => Promise<void>;
  accept?: string;
  multiple?: boolean;
  buttonText?: string;
  testId?: string;
  disabled?: boolean;
}) {
  const { message } = App.useApp();
  const [inFlight, setInFlight] = useState<UploadFile[]>([]);
  // Several uploads can finish before the form re-renders; each must add to what the others added.
  const latest = useRef(value);
  latest.current = value;
  // A stored file keeps the list key it had while uploading, so the list does not redraw it as a new entry.
  const keys = useRef(new Map<string, string>());

  function settle(next: UploadedFile[]) {
    latest.current = next;
    onChange?.(next);
  }

  async function store(chosen: File & { uid: string }) {
    setInFlight((current) => [...current, { uid: chosen.uid, name: chosen.name, status: 'uploading' }]);
    try {
      const stored = await uploadFile(chosen);
      const uploaded = { fileId: stored.fileId, name: chosen.name };
      keys.current.set(stored.fileId, chosen.uid);
      if (onUploaded) await onUploaded(uploaded);
      else settle([...latest.current, uploaded]);
      setInFlight((current) => current.filter((item) => item.uid !== chosen.uid));
    } catch (failure) {
      setInFlight((current) =>
        current.map((item) =>
          item.uid === chosen.uid ? { ...item, status: 'error', response: messageOf(failure) } : item,
        ),
      );
      message.error(`“${chosen.name}”上传失败：${messageOf(failure)}`);
    }
  }

  const fileList: UploadFile[] = [
    ...value.map((file) => ({
      uid: keys.current.get(file.fileId) ?? file.fileId,
      name: file.name,
      status: 'done' as const,
      fileId: file.fileId,
    })),
    ...inFlight,
  ];

  return (
    <div data-testid={testId}>
      <Upload
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        fileList={fileList}
        beforeUpload={(file) => {
          if (file.size > MAX_BYTES) {
            message.error(`“${file.name}”超过 20 MB，不能上传`);
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file }) => void store(file as File & { uid: string })}
        onRemove={(file) => {
          setInFlight((current) => current.filter((item) => item.uid !== file.uid));
          const fileId = fileIdOf(file);
          if (fileId) settle(latest.current.filter((item) => item.fileId !== fileId));
        }}
        onPreview={(file) => {
          const fileId = fileIdOf(file);
          if (!fileId) return;
          fetchDocument(`/api/v1/files/${fileId}/content`).then(
            (url) => window.open(url, '_blank', 'noopener'),
            (failure: unknown) => message.error(messageOf(failure)),
          );
        }}
      >
        <Button disabled={disabled}>{buttonText}</Button>
      </Upload>
    </div>
  );
}
