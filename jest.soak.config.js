/** `npm run test:soak`: engine runs of minutes (100,000 notifications, faults at a rate). */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/soak'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json', diagnostics: { warnOnly: false } }],
	},
	setupFiles: ['<rootDir>/test/harness/environment.js'],
	testTimeout: 900000,
	verbose: true,
};
