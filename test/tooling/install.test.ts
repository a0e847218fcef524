/**
 * The packed package installed as users install it (tooling tier: each installs with npm).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	installPackage,
	nodesFolder,
	packTarball,
	PUBLISHED_DOCS,
	sandboxDocsBase,
} from '../../scripts/n8n/install-package';

describe('the packed package, installed', () => {
	it('installed by npm start, the Docs links point at the sandbox pages', async () => {
		const userFolder = mkdtempSync(join(tmpdir(), 'ovice-docs-install-'));
		try {
			await installPackage(userFolder, () => undefined, { docsBase: sandboxDocsBase(4010) });
			const codex = readFileSync(
				join(
					nodesFolder(userFolder),
					'node_modules/n8n-nodes-ovice/dist/nodes/Ovice/Ovice.node.json',
				),
				'utf8',
			);
			expect(codex).toContain('"http://127.0.0.1:4010/docs#operations"');
			expect(codex).not.toContain(PUBLISHED_DOCS);
		} finally {
			rmSync(userFolder, { recursive: true, force: true });
		}
	}, 120_000);

	it('installs alone with a plain `npm install <tarball>` on this Node (no --legacy-peer-deps)', () => {
		const folder = mkdtempSync(join(tmpdir(), 'ovice-plain-install-'));
		const { tarball, cleanUp } = packTarball();
		try {
			execFileSync('npm', ['init', '-y'], { cwd: folder, stdio: 'ignore' });
			execFileSync('npm', ['install', '--no-audit', '--no-fund', tarball], {
				cwd: folder,
				stdio: 'pipe',
			});
			expect(
				readdirSync(join(folder, 'node_modules')).filter((name) => !name.startsWith('.')),
			).toEqual(['n8n-nodes-ovice']);
		} finally {
			cleanUp();
			rmSync(folder, { recursive: true, force: true });
		}
	}, 120_000);
});
