import { wuhaiDate } from '@domain/calendar/wuhai-time';
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router-dom';

const DAY = 'YYYY-MM-DD';

/** The day a window's list or report shows: `?date=`, so it survives a reload, or else today in Wuhai. */
export function useReportDay(): [string, (day: string) => void] {
  const [params, setParams] = useSearchParams();
  return [params.get('date') ?? wuhaiDate(), (day) => setParams({ date: day })];
}

/** Today or an earlier day; nothing has been decided on a later one. */
export function ReportDayPicker({ day, onChange }: { day: string; onChange: (day: string) => void }) {
  return (
    <DatePicker
      allowClear={false}
      value={dayjs(day)}
      disabledDate={(candidate: Dayjs) => candidate.format(DAY) > wuhaiDate()}
      onChange={(value: Dayjs | null) => value && onChange(value.format(DAY))}
    />
  );
}
