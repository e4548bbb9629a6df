module.exports = {
  displayName: 'station',
  preset: '../../jest.node.preset.js',
  coverageDirectory: '../../coverage/deploy/native',
};
