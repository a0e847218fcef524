/** What `npm pack` would publish: only the built package, its README and licence, no secrets. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packTarball } from '../scripts/install-package';

import { INACTIVE_KEY, SANDBOX_KEY } from '../sandbox/data';
import { PACKAGE_ROOT } from './harness/engine';

interface PackedFile {
	path: string;
}

const packageJson = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
};

function packedFiles(): string[] {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: PACKAGE_ROOT,
		encoding: 'utf8',
	});
	const [pack] = JSON.parse(output) as Array<{ files: PackedFile[] }>;
	return pack.files.map((file) => file.path).sort();
}

describe('package', () => {
	it('publishes only the built credentials, nodes and icons, README.md, LICENSE and package.json', () => {
		const files = packedFiles();
		// n8n-node build copies every .png and .svg of the tree into dist/ (the README's
		// screenshots too); package.json's "files" keeps them out of the tarball.
		const outside = files.filter(
			(file) =>
				!/^dist\/(credentials|nodes|icons)\//.test(file) &&
				!['README.md', 'LICENSE', 'package.json'].includes(file),
		);
		expect(outside).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
		expect(files.some((file) => /test|sandbox|\.map$|\.png$/.test(file))).toBe(false);
	});

	it('ships every node and credential it declares, with icons and codex files', () => {
		const files = packedFiles();
		for (const entry of [...packageJson.n8n.nodes, ...packageJson.n8n.credentials]) {
			expect(files).toContain(entry);
		}
		for (const node of packageJson.n8n.nodes) {
			expect(files).toContain(node.replace(/\.js$/, '.json'));
		}
		expect(files).toEqual(
			expect.arrayContaining(['dist/icons/ovice.svg', 'dist/icons/ovice.dark.svg']),
		);
	});

	it('ships an output schema for every operation of both ovice node versions and for both triggers', () => {
		const schemas = packedFiles().filter((file) => file.includes('/__schema__/'));
		// Written out by hand: n8n looks them up as <node dir>/__schema__/v<x.y.z>[/<resource>/<operation>].json.
		const operations = [
			'group/getAll',
			'group/getMembers',
			'group/sendNotification',
			'organization/sendNotification',
			'workspace/get',
			'workspace/getAll',
			'workspace/getUsers',
			'workspace/sendNotification',
		];
		expect(schemas).toEqual(
			[
				...['v1.0.0', 'v2.0.0'].flatMap((version) =>
					operations.map((operation) => `dist/nodes/Ovice/__schema__/${version}/${operation}.json`),
				),
				'dist/nodes/OvicePresenceTrigger/__schema__/v1.0.0.json',
				'dist/nodes/OviceWebhookTrigger/__schema__/v1.0.0.json',
			].sort(),
		);
	});

	it("every documentation link points at a heading of the README the package's npm page shows", () => {
		const slug = (heading: string) =>
			heading
				.trim()
				.toLowerCase()
				.replace(/[^a-z0-9 -]/g, '')
				.replace(/ /g, '-');
		const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
		const anchors = new Set(
			[...readme.matchAll(/^#{1,4} (.+)$/gm)].map((match) => `#${slug(match[1])}`),
		);
		const texts = packedFiles()
			.filter((file) => /\.node\.json$|credentials\.js$/.test(file))
			.map((file) => readFileSync(join(PACKAGE_ROOT, file), 'utf8'));
		const links = texts.flatMap((text) => [
			...text.matchAll(/https:\/\/www\.npmjs\.com\/package\/n8n-nodes-ovice(#[a-z0-9-]*)?/g),
		]);
		expect(links.length).toBeGreaterThanOrEqual(7);
		for (const [link, anchor] of links) {
			expect({ link, found: anchor === undefined || anchors.has(anchor) }).toEqual({
				link,
				found: true,
			});
		}
	});

	it('has no runtime dependencies; n8n-workflow is a peer', () => {
		expect(packageJson.dependencies ?? {}).toEqual({});
		expect(packageJson.peerDependencies).toHaveProperty('n8n-workflow');
	});

	it('contains no sandbox secret in any published file', () => {
		for (const file of packedFiles()) {
			const path = join(PACKAGE_ROOT, file);
			if (!existsSync(path)) continue;
			const text = readFileSync(path, 'utf8');
			expect(text).not.toContain(SANDBOX_KEY.clientSecret);
			expect(text).not.toContain(INACTIVE_KEY.clientSecret);
		}
	});

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
