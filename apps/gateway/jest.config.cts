module.exports = {
  displayName: 'gateway',
  preset: '../../jest.node.preset.js',
  coverageDirectory: '../../coverage/apps/gateway',
};
