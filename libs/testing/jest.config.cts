module.exports = {
  displayName: 'testing',
  preset: '../../jest.node.preset.js',
};
