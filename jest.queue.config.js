/** n8n in queue mode (main, workers, webhook process on PostgreSQL and Redis): one at a time. */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }] },
	maxWorkers: 1,
	testTimeout: 600000,
	verbose: true,
};
