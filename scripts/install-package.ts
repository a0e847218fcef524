/**
 * Installs this package into an n8n user folder the way n8n's Settings → Community Nodes
 * installer does (n8n 2.41 CommunityPackagesService): the packed tarball is unpacked into
 * `.n8n/nodes/node_modules/<package>`, its dev/peer/optional dependencies are dropped,
 * `npm install` runs there with the installer's flags, `.n8n/nodes/package.json` lists it,
 * and the `installed_packages` / `installed_nodes` rows are written. n8n then loads the
 * nodes under their real names (`n8n-nodes-ovice.*`) and lists the package in Settings.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';

import { findPackageRoot } from './package-root';
import { readJson, run } from './runtime';
import type { Log, Runtime } from './runtime';

export const PACKAGE_ROOT = findPackageRoot(__dirname);

interface PackageJson {
	name: string;
	version: string;
	author?: { name?: string; email?: string };
	dependencies?: Record<string, string>;
	devDependencies?: unknown;
	peerDependencies?: unknown;
	optionalDependencies?: unknown;
	n8n: { nodes: string[] };
}

export function nodesFolder(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes');
}

export async function installPackage(userFolder: string, log: Log): Promise<PackageJson> {
	const packed = mkdtempSync(join(tmpdir(), 'ovice-pack-'));
	const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--quiet', '--pack-destination', packed], {
		cwd: PACKAGE_ROOT,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop()!;
	const source = readJson<PackageJson>(join(PACKAGE_ROOT, 'package.json'));
	const nodes = nodesFolder(userFolder);
	const target = join(nodes, 'node_modules', source.name);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', join(packed, tarball), '-C', target, '--strip-components=1']);
	rmSync(packed, { recursive: true, force: true });

	const packageJsonPath = join(target, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...installed } = readJson<PackageJson>(packageJsonPath);
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	writeFileSync(packageJsonPath, JSON.stringify(installed, null, 2));
	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: target, log, label: 'install' },
	);

	const listPath = join(nodes, 'package.json');
	const list = existsSync(listPath)
		? readJson<{ name: string; private: boolean; dependencies: Record<string, string> }>(listPath)
		: { name: 'installed-nodes', private: true, dependencies: {} };
	list.dependencies[installed.name] = installed.version;
	writeFileSync(listPath, JSON.stringify(list, null, 2));
	log(`Installed ${installed.name}@${installed.version} into ${target}`);
	return installed as PackageJson;
}

/**
 * Writes the rows n8n's installer writes, once n8n has created its database. Runs under
 * n8n's Node with n8n's own sqlite3 module.
 */
export async function registerInDatabase(runtime: Runtime, userFolder: string, log: Log): Promise<void> {
	const installed = readJson<PackageJson>(join(nodesFolder(userFolder), 'node_modules', 'n8n-nodes-ovice', 'package.json'));
	// The same loader n8n's installer uses decides which node rows are written.
	const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
	await loader.loadAll();
	const rows = loader.loadedNodes.map(({ name, version }) => ({
		name: loader.nodeTypes[name].type.description.displayName,
		type: `${installed.name}.${name}`,
		version,
	}));
	const script = `
const sqlite3 = require(${JSON.stringify(join(runtime.n8nDir, 'node_modules', 'sqlite3'))});
const db = new sqlite3.Database(${JSON.stringify(join(userFolder, '.n8n', 'database.sqlite'))});
const rows = ${JSON.stringify(rows)};
db.serialize(() => {
	db.run('PRAGMA busy_timeout = 5000');
	db.run('PRAGMA foreign_keys = ON');
	db.run('DELETE FROM installed_packages WHERE packageName = ?', [${JSON.stringify(installed.name)}]);
	db.run("INSERT INTO installed_packages (packageName, installedVersion, authorName, authorEmail, createdAt, updatedAt) VALUES (?, ?, ?, ?, STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW'), STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW'))",
		[${JSON.stringify(installed.name)}, ${JSON.stringify(installed.version)}, ${JSON.stringify(installed.author?.name ?? null)}, ${JSON.stringify(installed.author?.email ?? null)}]);
	for (const row of rows) {
		db.run('INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)',
			[row.name, row.type, row.version, ${JSON.stringify(installed.name)}]);
	}
});
db.close((error) => { if (error) { console.error(error.message); process.exit(1); } });
`;
	await run(runtime.node, ['-e', script], { log, label: 'database' });
	log(`Registered ${installed.name} in n8n's installed packages (${rows.map((row) => row.type).join(', ')})`);
}
