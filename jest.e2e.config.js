/** End-to-end tests against a real n8n server: one at a time, with generous timeouts. */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	maxWorkers: 1,
	testTimeout: 120000,
	verbose: true,
};
