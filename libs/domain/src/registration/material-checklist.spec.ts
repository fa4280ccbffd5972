import fc from 'fast-check';
import {
  ApplicationSituation,
  ChecklistRule,
  MATERIAL_TYPES,
  missingMaterials,
  requiredMaterials,
} from './material-checklist';
import { REGISTRATION_KINDS } from './registration-model';

const RULES: ChecklistRule[] = [
  { kind: 'transfer', partyKind: 'any', materialType: 'identity', condition: 'always' },
  { kind: 'transfer', partyKind: 'any', materialType: 'certificate', condition: 'always' },
  { kind: 'transfer', partyKind: 'any', materialType: 'contract', condition: 'always' },
  { kind: 'transfer', partyKind: 'any', materialType: 'investment_audit', condition: 'granted_land' },
  { kind: 'transfer', partyKind: 'any', materialType: 'approval_document', condition: 'allocated_land' },
  { kind: 'transfer', partyKind: 'any', materialType: 'power_of_attorney', condition: 'agent_present' },
  { kind: 'transfer', partyKind: 'any', materialType: 'coowner_consent', condition: 'co_owned' },
  {
    kind: 'transfer',
    partyKind: 'any',
    materialType: 'mortgagee_consent',
    condition: 'mortgaged_with_consent_required',
  },
  { kind: 'transfer', partyKind: 'organization', materialType: 'other', condition: 'always' },
  { kind: 'lease', partyKind: 'any', materialType: 'contract', condition: 'always' },
];

const plainTransfer: ApplicationSituation = {
  kind: 'transfer',
  partyKinds: ['person'],
  rightType: 'granted',
  agentPresent: false,
  coOwned: false,
  mortgaged: false,
  mortgageeConsentRequired: true,
  leased: false,
  idleLandDisposed: false,
};

describe('material checklist', () => {
  it('asks for the investment audit on granted land and the approval document on allocated land', () => {
    expect(requiredMaterials(RULES, plainTransfer)).toEqual([
      'identity',
      'certificate',
      'contract',
      'investment_audit',
    ]);
    expect(requiredMaterials(RULES, { ...plainTransfer, rightType: 'allocated' })).toEqual([
      'identity',
      'certificate',
      'contract',
      'approval_document',
    ]);
  });

  it('adds the power of attorney with an agent, consents when co-owned or mortgaged, and party-kind rows', () => {
    const situation = {
      ...plainTransfer,
      agentPresent: true,
      coOwned: true,
      mortgaged: true,
      partyKinds: ['person', 'organization'] as const,
    };
    expect(requiredMaterials(RULES, situation)).toEqual(
      expect.arrayContaining(['power_of_attorney', 'coowner_consent', 'mortgagee_consent', 'other']),
    );
    expect(requiredMaterials(RULES, { ...situation, mortgageeConsentRequired: false })).not.toContain(
      'mortgagee_consent',
    );
  });

  it('lists every missing item at once', () => {
    expect(missingMaterials(RULES, { ...plainTransfer, agentPresent: true }, ['identity'])).toEqual([
      'certificate',
      'contract',
      'investment_audit',
      'power_of_attorney',
    ]);
  });

  it('never reports a provided material as missing, and reports nothing when everything is provided', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REGISTRATION_KINDS),
        fc.record({
          agentPresent: fc.boolean(),
          coOwned: fc.boolean(),
          mortgaged: fc.boolean(),
          mortgageeConsentRequired: fc.boolean(),
          leased: fc.boolean(),
          idleLandDisposed: fc.boolean(),
        }),
        fc.constantFrom('granted' as const, 'allocated' as const),
        fc.subarray([...MATERIAL_TYPES]),
        (kind, flags, rightType, provided) => {
          const situation = { ...plainTransfer, ...flags, kind, rightType };
          const missing = missingMaterials(RULES, situation, provided);
          expect(missing.some((type) => provided.includes(type))).toBe(false);
          expect(missingMaterials(RULES, situation, requiredMaterials(RULES, situation))).toEqual([]);
        },
      ),
    );
  });
});
