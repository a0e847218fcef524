/**
 * `npm run release:check`: everything a release must pass, in order — lint, types, the
 * engine tests, n8n's scanner, the end-to-end tests, what `npm pack` ships — then
 * `npm publish --dry-run`. Publishing itself is `npm run release` (node-cli's
 * `n8n-node release`) inside .github/workflows/publish.yml, which alone can give npm
 * provenance.
 */
import { spawnSync } from 'node:child_process';

import { PACKAGE_ROOT } from './n8n/install-package';

function step(title: string, command: string, args: string[]): void {
	process.stdout.write(`\n=== ${title}: ${command} ${args.join(' ')}\n`);
	const result = spawnSync(command, args, {
		cwd: PACKAGE_ROOT,
		stdio: 'inherit',
		// RELEASE_MODE: what `n8n-node release` sets, so that `n8n-node prerelease`
		// (prepublishOnly) lets the dry run through.
		env: { ...process.env, npm_config_yes: 'true', RELEASE_MODE: 'true' },
	});
	if (result.status !== 0) {
		process.stderr.write(`\nRelease stopped: "${title}" failed (exit ${result.status}).\n`);
		process.exit(result.status ?? 1);
	}
}

step('lint', 'npm', ['run', 'lint']);
step('types', 'npm', ['run', 'typecheck']);
step('engine tests', 'npm', ['test']);
step("n8n's scanner", 'npm', ['run', 'scan']);
step('end-to-end tests', 'npm', ['run', 'test:e2e']);
step('what npm would publish', 'npm', ['pack', '--dry-run']);
step('publish (dry run)', 'npm', ['publish', '--access', 'public', '--dry-run']);
process.stdout.write('\nRelease check passed: push a version tag to publish.\n');
