const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/** The one webpack config of every Node app here: a CommonJS bundle of main.ts, node_modules left external. */
module.exports = function nodeAppConfig(projectDir, outputPath, { generatePackageJson = true } = {}) {
  return {
    output: {
      path: join(__dirname, '..', outputPath),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && { devtoolModuleFilenameTemplate: '[absolute-resource-path]' }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: join(projectDir, 'src/main.ts'),
        tsConfig: join(projectDir, 'tsconfig.app.json'),
        optimization: false,
        outputHashing: 'none',
        generatePackageJson,
        sourceMap: true,
      }),
    ],
  };
};
