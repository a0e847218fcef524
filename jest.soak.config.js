/**
 * `npm run test:soak`, the slow tier: engine runs of minutes (100,000 notifications, faults
 * at a rate, every Retry-After at full size) and the tooling checks (n8n's lint on mutated
 * copies of the package, the packed package installed with npm).
 */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/soak', '<rootDir>/test/tooling'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json', diagnostics: { warnOnly: false } }],
	},
	setupFiles: ['<rootDir>/test/harness/environment.js'],
	testTimeout: 900000,
	verbose: true,
};
