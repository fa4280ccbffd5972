import { Col, Row } from 'antd';
import { Fragment, type ReactElement, type ReactNode } from 'react';

/**
 * A filter form's fields: inline on a wide screen; on a phone in rows of the given spans (of 24), so two short
 * filters share a line and the results are not a long scroll away.
 */
export function filterGrid(
  wide: boolean | undefined,
  fields: [span: number, field: ReactElement][],
): ReactNode {
  if (wide) return fields.map(([, field], index) => <Fragment key={index}>{field}</Fragment>);
  return (
    <Row gutter={12}>
      {fields.map(([span, field], index) => (
        <Col span={span} key={index}>
          {field}
        </Col>
      ))}
    </Row>
  );
}
