// The Jest half of the sample project of examples/ci-failure-export.ts, a plain CommonJS project.
module.exports = {
  testEnvironment: 'dmemfs/jest-environment',
  testEnvironmentOptions: {
    // One archive per failed test instead of a directory tree: a single file to keep or attach.
    dmemfs: { failureExport: { format: 'tar.gz' } },
  },
};
