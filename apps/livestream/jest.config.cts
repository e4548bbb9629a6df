module.exports = {
  displayName: 'livestream',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // The suites mostly wait on real processes and timers, not the CPU: run them side by side.
  maxWorkers: 3,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/livestream',
};
