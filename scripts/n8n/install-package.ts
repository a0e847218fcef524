/**
 * Installs this package into an n8n user folder by n8n's documented manual route: the
 * freshly packed tarball, `npm install`ed inside `<user folder>/.n8n/nodes`. n8n loads every
 * package there at start-up under its real type names (`n8n-nodes-ovice.*`); no database row
 * is written (n8n's Settings → Community Nodes page lists only packages its own installer
 * put there). The peer dependency on n8n-workflow is optional, so plain `npm install` takes
 * the package alone, as a user's would.
 */
import { execFileSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { findPackageRoot } from '../../sandbox/package-root';
import { readJson, run } from './runtime';
import type { Log } from './runtime';

export const PACKAGE_ROOT = findPackageRoot(__dirname);

export function nodesFolder(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes');
}

/** Packs the built package (dist/ must be current) into a new temporary folder. */
export function packTarball(): { tarball: string; cleanUp(): void } {
	const folder = mkdtempSync(join(tmpdir(), 'ovice-pack-'));
	const name = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--quiet', '--pack-destination', folder],
		{
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
		},
	)
		.trim()
		.split('\n')
		.pop()!;
	return {
		tarball: join(folder, name),
		cleanUp: () => rmSync(folder, { recursive: true, force: true }),
	};
}

/** The package's documentation home until it is published, and where its links point then. */
export const PUBLISHED_DOCS = 'https://www.npmjs.com/package/n8n-nodes-ovice';

export function sandboxDocsBase(sandboxPort: number): string {
	return `http://127.0.0.1:${sandboxPort}/docs`;
}

/** Points the installed copy's documentation links at `docsBase` (the sandbox's /docs). */
function pointDocsAt(folder: string, docsBase: string): number {
	let changed = 0;
	for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile() || !/\.(js|json)$/.test(entry.name)) continue;
		const path = join(entry.parentPath, entry.name);
		const text = readFileSync(path, 'utf8');
		if (!text.includes(PUBLISHED_DOCS)) continue;
		writeFileSync(path, text.split(PUBLISHED_DOCS).join(docsBase));
		changed += 1;
	}
	return changed;
}

export async function installPackage(
	userFolder: string,
	log: Log,
	options: { docsBase?: string } = {},
): Promise<{ name: string; version: string }> {
	const nodes = nodesFolder(userFolder);
	mkdirSync(nodes, { recursive: true });
	if (!existsSync(join(nodes, 'package.json'))) {
		writeFileSync(
			join(nodes, 'package.json'),
			`${JSON.stringify({ name: 'installed-nodes', private: true }, null, 2)}\n`,
		);
	}
	const { tarball, cleanUp } = packTarball();
	try {
		await run('npm', ['install', '--no-audit', '--no-fund', tarball], {
			cwd: nodes,
			log,
			label: 'install',
		});
	} finally {
		cleanUp();
	}
	const installed = readJson<{ name: string; version: string }>(
		join(nodes, 'node_modules', 'n8n-nodes-ovice', 'package.json'),
	);
	log(
		`Installed ${installed.name}@${installed.version} into ${nodes} (npm install of the packed tarball)`,
	);
	if (options.docsBase) {
		const files = pointDocsAt(
			join(nodes, 'node_modules', 'n8n-nodes-ovice', 'dist'),
			options.docsBase,
		);
		log(`Docs links of the installed copy point at ${options.docsBase} (${files} files)`);
	}
	return installed;
}
