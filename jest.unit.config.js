/** The pure tests (rules, policies, SQL translation, validation, schema): no database, in seconds. `npm run test:unit`. */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/unit', '<rootDir>/test/rules'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
