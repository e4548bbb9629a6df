module.exports = {
  displayName: 'egress-policy',
  preset: '../../jest.node.preset.js',
  coverageDirectory: '../../coverage/libs/egress-policy',
};
