import { Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { ApplicationIntake } from './ApplicationIntake';

/**
 * One application of this window, opened from the day list: a draft refused earlier is completed here when
 * the applicants come back with what the one-time notice asked for.
 */
export function ApplicationPage() {
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        补件受理
      </Typography.Title>
      <ApplicationIntake
        key={id}
        applicationId={id!}
        onNext={() => navigate('/window/day-list')}
        nextLabel="返回当日受理清单"
      />
    </>
  );
}
