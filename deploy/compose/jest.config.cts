module.exports = {
  displayName: 'compose',
  preset: '../../jest.node.preset.js',
  coverageDirectory: '../../coverage/deploy/compose',
};
