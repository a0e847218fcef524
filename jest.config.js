/**
 * `npm test`, the quick check: the unit tier (pure functions, injected clocks), the engine
 * tier (every operation through n8n-core against the sandbox) and the package checks.
 * Long runs are the soak tier (jest.soak.config.js), real n8n the e2e and queue tiers.
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: [
		'/node_modules/',
		'/test/e2e/',
		'/test/queue/',
		'/test/soak/',
		'/test/tooling/',
	],
	// Most engine tests wait on timers and the sandbox, not on the CPU: two at a time.
	maxWorkers: 2,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json', diagnostics: { warnOnly: false } }],
	},
	setupFiles: ['<rootDir>/test/harness/environment.js'],
	testTimeout: 30000,
};
