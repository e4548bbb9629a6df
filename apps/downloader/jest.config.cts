module.exports = {
  displayName: 'downloader',
  preset: '../../jest.node.preset.js',
  coverageDirectory: '../../coverage/apps/downloader',
};
