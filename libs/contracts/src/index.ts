export * from './lib/limits';
export * from './lib/dto';
export * from './lib/events';
export * from './lib/routes';
export * from './lib/shares';
export * from './lib/int4';
export * from './lib/lock-vocabulary';
export * from './lib/framework-labels';
