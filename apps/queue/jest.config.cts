module.exports = {
  displayName: 'queue',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Real MPD/Liquidsoap/Redis processes: a test's own `eventually` bounds (up to 30 s) decide, not jest's 5 s default.
  testTimeout: 60_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/queue',
};
