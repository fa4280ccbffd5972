import { Button, Image, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { call, fetchDocument, http } from '../api/client';
import type { StoredFile } from '../api/views';
import { ErrorBanner, Loadable } from '../common/feedback';
import { fileSize } from './format';

/** What to show: a stored file (a material scan) or a document the API renders (a certificate PDF). */
export type PreviewTarget =
  { kind: 'file'; fileId: string; title: string } | { kind: 'document'; url: string; title: string };

interface Loaded {
  url: string;
  contentType: string;
  file: StoredFile | null;
}

/**
 * Scans and certificates are fetched with the reviewer's token and shown from a blob URL, because a plain link
 * would carry no token. The blob URL is revoked when the preview closes, so large scans do not pile up.
 */
export function DocumentPreview({ target, onClose }: { target: PreviewTarget | null; onClose: () => void }) {
  const [state, setState] = useState<{ data?: Loaded; error?: unknown; loading: boolean }>({
    loading: false,
  });

  useEffect(() => {
    if (!target) return;
    let cancelled = false;
    let created: string | null = null;
    setState({ loading: true });
    const load = async (): Promise<Loaded> => {
      if (target.kind === 'document') {
        const url = await fetchDocument(target.url);
        created = url;
        return { url, contentType: 'application/pdf', file: null };
      }
      const described = call<StoredFile>(
        http.GET('/api/v1/files/{id}', { params: { path: { id: target.fileId } } }),
      );
      // Awaited below; handled here too, so a refusal that arrives first is not reported as unhandled.
      described.catch(() => undefined);
      const url = await fetchDocument(`/api/v1/files/${encodeURIComponent(target.fileId)}/content`);
      created = url;
      const file = await described;
      return { url, contentType: file.contentType, file };
    };
    load().then(
      (data) => {
        if (cancelled) URL.revokeObjectURL(data.url);
        else setState({ data, loading: false });
      },
      (error: unknown) => !cancelled && setState({ error, loading: false }),
    );
    return () => {
      cancelled = true;
      if (created) URL.revokeObjectURL(created);
    };
  }, [target]);

  return (
    <Modal
      open={target !== null}
      title={target?.title}
      onCancel={onClose}
      footer={
        state.data ? (
          <Space>
            <Button
              href={state.data.url}
              download={state.data.file?.originalName ?? `${target?.title ?? 'document'}.pdf`}
            >
              下载
            </Button>
            <Button type="primary" onClick={onClose}>
              关闭
            </Button>
          </Space>
        ) : (
          <Button onClick={onClose}>关闭</Button>
        )
      }
      width={900}
      destroyOnHidden
    >
      <div data-testid="document-preview">
        {state.error ? (
          <ErrorBanner error={state.error} />
        ) : (
          <Loadable state={state}>
            {(loaded) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {loaded.file && (
                  <Typography.Text type="secondary">
                    {loaded.file.originalName ?? '未命名文件'} · {fileSize(loaded.file.size)} · SHA-256{' '}
                    {loaded.file.sha256.slice(0, 16)}…
                  </Typography.Text>
                )}
                {loaded.contentType.startsWith('image/') ? (
                  <div data-testid="preview-image">
                    <Image src={loaded.url} alt={target?.title} style={{ maxHeight: 560 }} />
                  </div>
                ) : (
                  <iframe
                    src={loaded.url}
                    title={target?.title}
                    style={{ width: '100%', height: 560, border: '1px solid #d9d9d9' }}
                    data-testid="preview-frame"
                  />
                )}
              </Space>
            )}
          </Loadable>
        )}
      </div>
    </Modal>
  );
}
