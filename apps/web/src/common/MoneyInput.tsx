import { InputNumber, type InputNumberProps } from 'antd';
import { forwardRef } from 'react';

/** An amount in yuan to the fen, a string so that no float rounds it; at least one fen unless `min` says. */
export const MoneyInput = forwardRef<HTMLInputElement, InputNumberProps<string>>(
  function MoneyInput(props, ref) {
    return (
      <InputNumber<string>
        ref={ref}
        stringMode
        min="0.01"
        precision={2}
        addonAfter="元"
        style={{ width: '100%' }}
        {...props}
      />
    );
  },
);
