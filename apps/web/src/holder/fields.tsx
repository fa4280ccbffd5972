import { DatePicker, Form, Select } from 'antd';
import { call, http } from '../api/client';
import type { CountedPage, UnitView } from '../api/views';
import { type RequestState, useRequest } from '../common/useRequest';
import { placeOf } from './labels';

/** The holder's own units to choose from, and the register extract of the one chosen. */
export function useMyUnits(unitNumber: string | undefined) {
  const units = useRequest(
    () =>
      call<CountedPage<UnitView>>(
        http.GET('/api/v1/units', { params: { query: { mine: 'true', page: 1, pageSize: 100 } } }),
      ),
    [],
  );
  const unit = useRequest(
    () =>
      unitNumber
        ? call<UnitView>(http.GET('/api/v1/units/{unitNumber}', { params: { path: { unitNumber } } }))
        : Promise.resolve(undefined),
    [unitNumber],
  );
  return { units, unit };
}

/** `unitNumber`: one of the holder's own units. */
export function MyUnitField({
  units,
  disabled,
  testId,
}: {
  units: RequestState<CountedPage<UnitView>>;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <Form.Item name="unitNumber" label="不动产单元" rules={[{ required: true, message: '请选择不动产单元' }]}>
      <Select
        showSearch
        disabled={disabled}
        loading={units.loading}
        placeholder="选择您名下的不动产单元"
        optionFilterProp="label"
        data-testid={testId}
        options={(units.data?.items ?? []).map((candidate) => ({
          value: candidate.unitNumber,
          label: `${candidate.unitNumber} ${placeOf(candidate.districtCode, candidate.location)}`,
        }))}
      />
    </Form.Item>
  );
}

/** `leaseTerm`: the server holds it to the law's 20 years and to the end of the land-use right. */
export function LeaseTermField({ disabled }: { disabled?: boolean }) {
  return (
    <Form.Item
      name="leaseTerm"
      label="租赁期限"
      extra="不超过 20 年，且不超过土地使用权终止日期"
      rules={[{ required: true, message: '请选择租赁期限' }]}
    >
      <DatePicker.RangePicker style={{ width: '100%' }} disabled={disabled} />
    </Form.Item>
  );
}
