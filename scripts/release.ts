/**
 * `npm run release -- --dry-run`: everything a release must pass, in order — lint, types,
 * the engine tests, n8n's scanner, the end-to-end tests, what `npm pack` ships — then
 * `npm publish --dry-run`. Without --dry-run it publishes with npm provenance, which only
 * works inside the GitHub Actions workflow .github/workflows/publish.yml.
 */
import { spawnSync } from 'node:child_process';

import { PACKAGE_ROOT } from './install-package';

const dryRun = process.argv.includes('--dry-run');

function step(title: string, command: string, args: string[]): void {
	process.stdout.write(`\n=== ${title}: ${command} ${args.join(' ')}\n`);
	const result = spawnSync(command, args, {
		cwd: PACKAGE_ROOT,
		stdio: 'inherit',
		env: { ...process.env, npm_config_yes: 'true' },
	});
	if (result.status !== 0) {
		process.stderr.write(`\nRelease stopped: "${title}" failed (exit ${result.status}).\n`);
		process.exit(result.status ?? 1);
	}
}

if (!dryRun && process.env.GITHUB_ACTIONS !== 'true') {
	process.stderr.write(
		'Publishing needs npm provenance, which only the GitHub Actions workflow can give. Use --dry-run here.\n',
	);
	process.exit(2);
}
step('lint', 'npm', ['run', 'lint']);
step('types', 'npm', ['run', 'typecheck']);
step('engine tests', 'npm', ['test']);
step("n8n's scanner", 'npm', ['run', 'scan']);
step('end-to-end tests', 'npm', ['run', 'test:e2e']);
step('what npm would publish', 'npm', ['pack', '--dry-run']);
step(dryRun ? 'publish (dry run)' : 'publish', 'npm', [
	'publish',
	'--access',
	'public',
	...(dryRun ? ['--dry-run'] : ['--provenance']),
]);
process.stdout.write(dryRun ? '\nRelease dry run passed.\n' : '\nPublished.\n');
