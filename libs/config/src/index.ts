export * from './lib/station-env';
export * from './lib/station-config.module';
export * from './lib/logging';
export * from './lib/redis';
export * from './lib/data-dir';
export * from './lib/station-secrets';
export * from './lib/service-launch';
export * from './lib/edge-tuning';
