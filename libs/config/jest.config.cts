module.exports = {
  displayName: 'config',
  preset: '../../jest.node.preset.js',
  coverageDirectory: '../../coverage/libs/config',
};
