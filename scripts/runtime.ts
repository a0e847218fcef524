/**
 * A pinned n8n and the Node.js it needs, provisioned from the npm registry into a cache
 * outside node_modules and reused on later runs.
 *
 * n8n 2.41 needs Node 24 (this repository develops on Node 20), comes with native install
 * scripts that download from the internet, and needs only sqlite3 built: so n8n is
 * installed with --ignore-scripts and sqlite3 is compiled against Node 24's headers.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import { track } from './children';

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
			options.log(`  [${options.label}] still working · ${Math.round((Date.now() - began) / 1000)} s so far`);
		}, 2_000);
		child.once('close', () => clearInterval(ticker));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve();
			else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${lastLines.join('\n')}`));
		});
	});
}

function npm(): string {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

async function ensureNode(cacheDir: string, log: Log): Promise<{ node: string; headers: string; bin: string }> {
	const prefix = join(cacheDir, `node-${NODE_MAJOR}`);
	const bin = join(prefix, 'node_modules', '.bin');
	const node = join(bin, 'node');
	const headers = join(prefix, 'node_modules', 'node', 'node_modules', `node-linux-${process.arch}`);
	if (!existsSync(node)) {
		log(`Installing Node ${NODE_MAJOR} from the npm registry into ${prefix} …`);
		mkdirSync(prefix, { recursive: true });
		await run(npm(), ['install', '--prefix', prefix, '--no-audit', '--no-fund', `node@${NODE_MAJOR}`], { log, label: 'node' });
	}
	return { node, headers, bin };
}

export async function ensureRuntime(options: { n8nVersion?: string; log: Log }): Promise<Runtime> {
	const { log } = options;
	const n8nVersion = options.n8nVersion ?? process.env.OVICE_N8N_VERSION ?? DEFAULT_N8N_VERSION;
	const cacheDir = cacheDirectory();
	const { node, headers, bin } = await ensureNode(cacheDir, log);
	const path = `${bin}:${process.env.PATH ?? ''}`;
	const env = { ...process.env, PATH: path, npm_config_nodedir: headers, npm_config_yes: 'true' };

	const n8nDir = join(cacheDir, `n8n-${n8nVersion}`);
	const ready = join(n8nDir, '.ready');
	if (!existsSync(ready)) {
		log(`Installing n8n ${n8nVersion} into ${n8nDir} (a few minutes, once) …`);
		mkdirSync(n8nDir, { recursive: true });
		writeFileSync(join(n8nDir, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true }));
		await run(
			npm(),
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http', `n8n@${n8nVersion}`],
			{ cwd: n8nDir, env, log, label: 'n8n' },
		);
		const sqlite = join(n8nDir, 'node_modules', 'sqlite3');
		log('Building sqlite3 for n8n …');
		await run(node, [nodeGyp(), 'rebuild', '-j', '2'], { cwd: sqlite, env, log, label: 'sqlite3' });
		writeFileSync(ready, new Date().toISOString());
	}
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
		process.env.npm_execpath ? join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js') : '',
		join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
		'/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
	].filter(Boolean);
	const found = candidates.find((candidate) => existsSync(candidate));
	if (!found) throw new Error(`node-gyp not found (looked in ${candidates.join(', ')})`);
	return found;
}

export function readJson<T>(file: string): T {
	return JSON.parse(readFileSync(file, 'utf8')) as T;
}
