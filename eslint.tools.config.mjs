// The rules for the code that never ships (test/, scripts/, sandbox/): each of those folders
// has an eslint.config.mjs re-exporting this, which ESLint picks for its files because
// `npm run lint` looks configurations up from each file (ESLINT_FLAGS; ESLint 10's default).
// The package itself (nodes/, credentials/, package.json) is linted by the unmodified
// eslint.config.mjs of `n8n-node lint`, which strict mode requires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config({
	files: ['**/*.ts'],
	extends: [js.configs.recommended, tseslint.configs.recommended],
});
