export * from './lib/services';
export * from './lib/rpc-error';
export * from './lib/contract';
export * from './lib/contract-client';
export * from './lib/rpc-server';
export * from './lib/redis-transport';
export * from './lib/start-service';
export * from './lib/tiers';
