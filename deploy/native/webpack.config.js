module.exports = require('../../tools/nest-webpack.config')(__dirname, 'dist/deploy/native', {
  generatePackageJson: false,
});
