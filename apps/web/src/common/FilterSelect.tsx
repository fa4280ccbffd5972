import { Form, Select, type SelectProps } from 'antd';

/** A search filter that may be left at 全部 (any) or set to one of `options`. */
export function FilterSelect({
  name,
  label,
  options,
  width,
}: {
  name: string;
  label: string;
  options: SelectProps['options'];
  width: number | string;
}) {
  return (
    <Form.Item name={name} label={label}>
      <Select allowClear options={options} placeholder="全部" style={{ width }} />
    </Form.Item>
  );
}
