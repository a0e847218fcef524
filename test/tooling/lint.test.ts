/**
 * `npm run lint` is n8n's own `n8n-node lint` in strict mode over node-cli's unmodified
 * configuration, and the GitHub workflows checked against their schema: shown on a copy of
 * the package, where a rule violation in nodes/, an edit of eslint.config.mjs and a
 * mistyped workflow must each make it fail.
 */
import { spawnSync } from 'node:child_process';
import {
	appendFileSync,
	cpSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PACKAGE_ROOT } from '../harness/engine';

const COPIED = [
	'package.json',
	'.github',
	'.prettierrc.js',
	'.prettierignore',
	'tsconfig.json',
	'eslint.config.mjs',
	'eslint.tools.config.mjs',
	'credentials',
	'icons',
	'nodes',
	'scripts/rooms.mjs',
];

function lintCopy(mutate: (folder: string) => void): { status: number | null; output: string } {
	const folder = mkdtempSync(join(tmpdir(), 'ovice-lint-'));
	try {
		for (const entry of COPIED) {
			cpSync(join(PACKAGE_ROOT, entry), join(folder, entry), { recursive: true });
		}
		symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir');
		mutate(folder);
		const result = spawnSync('npm', ['run', 'lint'], {
			cwd: folder,
			encoding: 'utf8',
			// eslint-plugin-n8n-nodes-base switches to its own rule-test behaviour under NODE_ENV=test.
			env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' },
		});
		return { status: result.status, output: `${result.stdout}${result.stderr}` };
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

describe('npm run lint', () => {
	it("uses node-cli's eslint.config.mjs unmodified (strict mode, n8n Cloud rules)", () => {
		// Written out from @n8n/node-cli 0.48.3's template (shared/default/eslint.config.mjs).
		const expected = "import { config } from '@n8n/node-cli/eslint';\n\nexport default config;\n";
		expect(readFileSync(join(PACKAGE_ROOT, 'eslint.config.mjs'), 'utf8')).toBe(expected);
		const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
			scripts: Record<string, string>;
			n8n: { strict?: boolean };
		};
		expect(manifest.n8n.strict).toBe(true);
		expect(manifest.scripts.lint).toContain('n8n-node lint');
	});

	it('passes on the package as it is', () => {
		const { status, output } = lintCopy(() => undefined);
		expect({ status, output: status === 0 ? '' : output }).toEqual({ status: 0, output: '' });
	}, 120_000);

	it('fails on a console.log in nodes/', () => {
		const { status, output } = lintCopy((folder) =>
			appendFileSync(join(folder, 'nodes/Ovice/Ovice.node.ts'), "console.log('x');\n"),
		);
		expect(status).not.toBe(0);
		expect(output).toContain('no-console');
	}, 120_000);

	it('fails in strict mode when eslint.config.mjs is edited', () => {
		const { status, output } = lintCopy((folder) =>
			appendFileSync(join(folder, 'eslint.config.mjs'), '// one more line\n'),
		);
		expect(status).not.toBe(0);
		expect(output).toContain('Strict mode violation');
	}, 120_000);

	it('fails on a workflow GitHub would reject', () => {
		const { status, output } = lintCopy((folder) => {
			const file = join(folder, '.github/workflows/ci.yml');
			writeFileSync(file, readFileSync(file, 'utf8').replace('    steps:', '    stepz:'));
		});
		expect(status).not.toBe(0);
		expect(output).toContain("Additional property 'stepz' is not allowed");
		expect(output).toContain('"path": "/jobs/build"');
	}, 120_000);

	it('validates every workflow file there is', () => {
		const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
			scripts: Record<string, string>;
		};
		for (const file of readdirSync(join(PACKAGE_ROOT, '.github/workflows'))) {
			expect(manifest.scripts['lint:workflows']).toContain(
				`action-validator .github/workflows/${file}`,
			);
		}
	});
});
