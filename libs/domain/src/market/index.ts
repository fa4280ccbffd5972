export * from './listing-model';
export * from './listing-rules';
export * from './bidding';
