export type {
  BilingualMessage,
  IdentifierCheck,
  IdentifierFailure,
  IdentifierRule,
  IdentifierValid,
} from './identifiers/identifier-check';
export * from './identifiers/uscc';
export * from './identifiers/resident-id';
export * from './identifiers/unit-number';
export * from './identifiers/certificate-number';
export * from './settings/setting-definitions';
export * from './register/land-use';
export * from './register/shares';
export * from './calendar';
export * from './register/unit-term';
export * from './register/unit-file';
export * from './registration';
export * from './market';
