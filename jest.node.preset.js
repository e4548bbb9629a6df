// The preset of every Node project (services, runner, libs, e2e): TypeScript through ts-jest with
// the project's own tsconfig.spec.json. A project's jest.config.cts adds only what is its own.
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
};
