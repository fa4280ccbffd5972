import { Affix, Card, Space } from 'antd';
import type { ReactNode } from 'react';

/** The buttons of a long counter form, kept in view at the bottom of the screen. */
export function SubmitBar({ children }: { children: ReactNode }) {
  return (
    <Affix offsetBottom={0}>
      <Card size="small" style={{ boxShadow: '0 -2px 8px rgba(0,0,0,0.06)' }}>
        <Space>{children}</Space>
      </Card>
    </Affix>
  );
}
