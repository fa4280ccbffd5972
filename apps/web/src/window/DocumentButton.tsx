import { App, Button } from 'antd';
import type { ButtonProps } from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { fetchDocument } from '../api/client';
import { messageOf } from '../common/feedback';

/**
 * A receipt or notice PDF, fetched with the clerk's token and opened in a tab of its own: the people at the
 * counter get it printed from the browser's PDF viewer at full size, and the clerk's form stays as it was.
 */
export function DocumentButton({
  url,
  title,
  children,
  type,
  size,
  testId,
}: {
  url: string;
  title: string;
  children: ReactNode;
  type?: ButtonProps['type'];
  size?: ButtonProps['size'];
  testId?: string;
}) {
  const { message } = App.useApp();
  const fetched = useRef<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(
    () => () => {
      if (fetched.current) URL.revokeObjectURL(fetched.current);
    },
    [],
  );

  async function open() {
    // Opened within the click, so no pop-up blocker stops it; the document follows once it has arrived.
    const tab = window.open('', '_blank');
    if (!tab) {
      message.error('浏览器阻止了新标签页，请允许本站打开新窗口后重试');
      return;
    }
    tab.document.title = title;
    tab.document.body.textContent = `正在打开${title}…`;
    setBusy(true);
    try {
      fetched.current ??= await fetchDocument(url);
      tab.location.replace(fetched.current);
    } catch (failure) {
      tab.close();
      message.error(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button type={type} size={size} onClick={open} loading={busy} data-testid={testId}>
      {children}
    </Button>
  );
}
