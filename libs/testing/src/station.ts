// `@h4k/testing/station`: the whole station for e2e tests and benches (the runner on free ports,
// a local media server, a listener's API), apart from the small helpers unit tests import.
export * from './lib/test-station';
export * from './lib/media-server';
export * from './lib/listener-api';
export * from './lib/built-services';
export * from './lib/tier-scenes';
