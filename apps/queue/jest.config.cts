module.exports = {
  displayName: 'queue',
  preset: '../../jest.node.preset.js',
  // Real MPD/Liquidsoap/Redis processes: a test's own `eventually` bounds (up to 30 s) decide, not jest's 5 s default.
  testTimeout: 60_000,
  coverageDirectory: '../../coverage/apps/queue',
};
