module.exports = require('../../tools/nest-webpack.config')(__dirname, 'dist/apps/downloader');
