import { Person, RegistrationWorld, Staff } from './registration';

/**
 * One application taken from draft to 登簿 the way people do it: the counter-party confirms a joint kind, the
 * applicant submits, the pre-check passes, a clerk accepts, two reviewers pass it, the registrar approves and
 * records. The worker must run for the pre-check. Returns the application's id.
 */
export async function recordApplication(
  world: RegistrationWorld,
  staff: { clerk: Staff; registrar: Staff },
  applicant: Person,
  counterparty: Person,
  body: Record<string, unknown>,
): Promise<string> {
  const { platform } = world;
  const created = await world.draft(applicant, { ...body, counterparty: { partyId: counterparty.partyId } });
  if (created.status !== 201) throw new Error(`draft: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  if (body.kind === 'transfer' || body.kind === 'mortgage') {
    const confirmed = await platform.request('POST', `/applications/${id}/confirm`, {
      token: counterparty.token,
    });
    if (confirmed.status !== 200) throw new Error(`confirm: ${JSON.stringify(confirmed.body)}`);
  }
  const submitted = await platform.request('POST', `/applications/${id}/submit`, { token: applicant.token });
  if (submitted.status !== 200) throw new Error(`submit: ${JSON.stringify(submitted.body)}`);
  const checked = await world.prechecked(applicant.token, id);
  if (checked.precheck.status !== 'passed') throw new Error(`precheck: ${JSON.stringify(checked.precheck)}`);
  const accepted = await world.act(staff.clerk.token, id, 'accept');
  if (accepted.status !== 200) throw new Error(`accept: ${JSON.stringify(accepted.body)}`);
  await world.reviewAndApprove(staff.registrar, id);
  const recorded = await world.act(staff.registrar.token, id, 'record');
  if (recorded.status !== 200) throw new Error(`record: ${JSON.stringify(recorded.body)}`);
  return id;
}
