module.exports = {
  displayName: 'livestream',
  preset: '../../jest.node.preset.js',
  // Real MPD/Liquidsoap/Redis processes: a test's own `eventually` bounds (up to 30 s) decide, not jest's 5 s default.
  testTimeout: 60_000,
  // The suites mostly wait on real processes and timers, not the CPU: run them side by side.
  maxWorkers: 3,
  coverageDirectory: '../../coverage/apps/livestream',
};
