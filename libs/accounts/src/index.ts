export * from './account-rules';
export * from './password';
