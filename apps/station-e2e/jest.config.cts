module.exports = {
  displayName: 'station-e2e',
  preset: '../../jest.node.preset.js',
  testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'],
  testTimeout: 180_000,
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
};
