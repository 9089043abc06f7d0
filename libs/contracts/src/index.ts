export * from './lib/limits';
export * from './lib/dto';
export * from './lib/events';
export * from './lib/routes';
export * from './lib/shares';
export * from './lib/document-labels';
