import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { ACTION_LABELS } from '@domain/registration/registration-machine';
import {
  PREEMPTION_EXERCISED_GROUND,
  type PersonAction,
  type RegistrationState,
} from '@domain/registration/registration-model';
import { ApiFailure, call, http } from '../api/client';
import type { ApplicationView, UserView } from '../api/views';
import { messageOf, showFieldErrors } from '../common/feedback';
import { stateLabel } from '../common/labels';
import { useSubmit } from '../common/useSubmit';
import { offeredActions } from './workflow';

interface ActionForm {
  comment?: string;
  missingItems?: string[];
  legalGround?: string;
  exercise?: boolean;
}

/** 不动产登记暂行条例 art. 22 and 城市房地产管理法 art. 38–39: the grounds a refusal most often rests on. */
const LEGAL_GROUNDS = [
  '《不动产登记暂行条例》第二十二条第（一）项：违反法律、行政法规规定',
  '《不动产登记暂行条例》第二十二条第（二）项：存在尚未解决的权属争议',
  '《不动产登记暂行条例》第二十二条第（三）项：申请登记的不动产权利超过规定期限',
  '《不动产登记暂行条例》第二十二条第（四）项：法律、行政法规规定不予登记的其他情形',
  '《城市房地产管理法》第三十八条：司法机关依法裁定、决定查封或者以其他形式限制房地产权利',
  '《城市房地产管理法》第三十九条：未按出让合同约定支付全部土地使用权出让金或未完成开发投资总额的25%以上',
].map((value) => ({ value }));

/** What each step tells the person about to take it. */
const STEP_NOTES: Partial<Record<PersonAction, string>> = {
  accept: '受理后开始计算办理时限，并自动分派审核人员。',
  'pass-first-review': '初审通过后将自动分派另一名审核人员复审。',
  'pass-second-review': '复审通过后提交登簿人员核准。',
  approve: '核准后即可登簿；核准人不得为本申请的初审或复审人员。',
  record: '登簿将在一个事务中变更登记簿、分配证书编号，完成后不能撤回；证书由系统随后生成。',
  requisition: '一次性告知申请人需补正的全部事项；补正期间办理时限暂停计算。',
  reject: '驳回必须写明法律依据，并告知当事人。',
  'decide-preemption': `行使优先购买权将终止本次转让（依据：${PREEMPTION_EXERCISED_GROUND}）；放弃则继续办理。`,
};

const PRIMARY: readonly PersonAction[] = [
  'accept',
  'pass-first-review',
  'pass-second-review',
  'approve',
  'record',
  'decide-preemption',
];

function actionName(action: PersonAction): string {
  return ACTION_LABELS[action].zh;
}

/** A refusal the form cannot place next to a field, worded by what the reviewer can do about it. */
function Refusal({ failure, onReload }: { failure: unknown; onReload: () => void }) {
  if (!(failure instanceof ApiFailure)) {
    return <Alert type="error" showIcon message={messageOf(failure)} data-testid="action-error" />;
  }
  const details = (failure.details ?? {}) as { reason?: string; currentStatus?: RegistrationState };
  if (failure.status === 403) {
    return (
      <Alert
        type="error"
        showIcon
        data-testid="action-error"
        message={details.reason === 'separation_of_duties' ? '职责分离规则不允许由您办理' : '无权办理'}
        description={failure.message}
      />
    );
  }
  if (failure.status === 409) {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="action-error"
        message={details.reason === 'precondition' ? '暂不能办理' : '申请已有变化，您看到的信息已过期'}
        description={
          <Space direction="vertical">
            <span>{failure.message}</span>
            {details.currentStatus && <span>当前状态：{stateLabel(details.currentStatus)}</span>}
            <Button size="small" onClick={onReload}>
              重新加载申请
            </Button>
          </Space>
        }
      />
    );
  }
  return <Alert type="error" showIcon message={failure.message} data-testid="action-error" />;
}

function ActionDialog({
  application,
  action,
  onClose,
  onDone,
}: {
  application: ApplicationView;
  action: PersonAction;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<ActionForm>();
  const { message } = App.useApp();
  const blocking = (application.precheck?.findings ?? []).filter((finding) => finding.severity === 'block');

  const initialValues: ActionForm =
    action === 'requisition'
      ? { missingItems: blocking.length ? blocking.map((finding) => finding.message.zh) : [''] }
      : {};

  const { busy, error, submit } = useSubmit(
    async (values: ActionForm) => {
      await call<ApplicationView>(
        http.POST('/api/v1/applications/{id}/actions/{action}', {
          params: { path: { id: application.id, action } },
          body: {
            comment: values.comment?.trim() || undefined,
            missingItems: values.missingItems?.map((item) => item.trim()),
            legalGround: values.legalGround?.trim(),
            exercise: values.exercise,
          },
        }),
      );
      message.success(`已办理：${actionName(action)}`);
      onDone();
    },
    (error) => showFieldErrors(form, error),
  );

  const commentRequired = action === 'requisition' || action === 'reject';
  return (
    <Modal
      open
      title={`${actionName(action)} · ${application.applicationNumber}`}
      onCancel={onClose}
      okText={`确认${actionName(action)}`}
      okButtonProps={{ loading: busy, danger: action === 'reject' }}
      onOk={() => form.submit()}
      width={640}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        {STEP_NOTES[action] && (
          <Alert type={action === 'record' ? 'warning' : 'info'} message={STEP_NOTES[action]} />
        )}
        {error !== null && <Refusal failure={error} onReload={onDone} />}
        <Form form={form} layout="vertical" initialValues={initialValues} onFinish={submit}>
          {action === 'decide-preemption' && (
            <Form.Item
              name="exercise"
              label="是否行使优先购买权"
              rules={[{ required: true, message: '请选择是否行使优先购买权' }]}
            >
              <Radio.Group
                options={[
                  { value: false, label: '放弃，继续办理转让' },
                  { value: true, label: '行使，由政府收购' },
                ]}
              />
            </Form.Item>
          )}
          {action === 'requisition' && (
            <Form.List
              name="missingItems"
              rules={[
                {
                  validator: async (_, items?: string[]) => {
                    if (!items || items.length === 0) throw new Error('请至少列出一项需补正的材料或事项');
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <Form.Item label="需补正的全部事项（一次性告知）" required>
                  {fields.map((field, index) => (
                    <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item
                        name={field.name}
                        rules={[
                          { required: true, whitespace: true, message: '请填写补正事项，或删除此行' },
                          { max: 500, message: '每项不超过 500 字' },
                        ]}
                        style={{ width: 500, marginBottom: 8 }}
                      >
                        <Input placeholder={`第 ${index + 1} 项`} aria-label={`补正事项 ${index + 1}`} />
                      </Form.Item>
                      <Button type="link" onClick={() => remove(field.name)}>
                        删除
                      </Button>
                    </Space>
                  ))}
                  <Button type="dashed" onClick={() => add('')} block>
                    添加补正事项
                  </Button>
                  <Form.ErrorList errors={errors} />
                </Form.Item>
              )}
            </Form.List>
          )}
          {action === 'reject' && (
            <Form.Item
              name="legalGround"
              label="法律依据"
              rules={[
                { required: true, whitespace: true, message: '驳回必须写明法律依据' },
                { max: 500, message: '不超过 500 字' },
              ]}
            >
              <AutoComplete options={LEGAL_GROUNDS} placeholder="选择或填写法律依据" />
            </Form.Item>
          )}
          <Form.Item
            name="comment"
            label="意见说明"
            rules={[
              { required: commentRequired, whitespace: true, message: '请填写意见说明' },
              { max: 2000, message: '不超过 2000 字' },
            ]}
          >
            <Input.TextArea
              rows={3}
              showCount
              maxLength={2000}
              placeholder={commentRequired ? '必填' : '选填，记入办理记录'}
            />
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}

/**
 * The steps this user may take now. The server decides; the panel mirrors the domain's transition table so it
 * never offers a step the state or the role rules out, and explains a step separation of duties rules out.
 */
export function ActionPanel({
  application,
  user,
  onChanged,
}: {
  application: ApplicationView;
  user: UserView;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState<PersonAction | null>(null);
  const offered = useMemo(() => offeredActions(application, user), [application, user]);
  const refused = offered.filter((item) => item.refusal !== null);
  const assignedElsewhere =
    application.assignedTo !== null &&
    application.assignedTo.id !== user.id &&
    offered.some((item) => item.refusal === null && item.action.startsWith('pass-'));

  return (
    <Card title="办理" size="small" data-testid="action-panel">
      {offered.length === 0 ? (
        <Typography.Text type="secondary" data-testid="no-actions">
          当前状态（{stateLabel(application.status)}）下您没有可办理的事项。
        </Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {assignedElsewhere && (
            <Alert
              type="info"
              showIcon
              message={`本申请已分派给 ${application.assignedTo!.displayName} 审核`}
            />
          )}
          <Space wrap>
            {offered.map(({ action, refusal }) => (
              <Tooltip key={action} title={refusal}>
                <Button
                  type={PRIMARY.includes(action) ? 'primary' : 'default'}
                  danger={action === 'reject'}
                  disabled={refusal !== null}
                  onClick={() => setOpen(action)}
                >
                  {actionName(action)}
                </Button>
              </Tooltip>
            ))}
          </Space>
          {refused.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="four-eyes-notice"
              message="职责分离"
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {refused.map(({ action, refusal }) => (
                    <li key={action}>{refusal}</li>
                  ))}
                </ul>
              }
            />
          )}
        </Space>
      )}
      {open && (
        <ActionDialog
          application={application}
          action={open}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
