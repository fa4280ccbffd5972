// The bodies the API answers with, as plain types: the server builds them and the web front end reads them, so
// neither keeps its own copy. Only types live here, and only the domain's types are imported.
export type * from './party';
export type * from './register';
export type * from './windows';
export type * from './registration';
export type * from './market';
