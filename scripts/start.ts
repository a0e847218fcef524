/**
 * `npm start`: a real n8n on http://localhost:5678 with this package installed, the ovice
 * sandbox, a login, a sandbox credential and the example workflows. Ctrl-C stops it all.
 *
 *   npm start -- --n8n-version 2.41.1 --port 5678 --sandbox-port 4010 --verbose
 *
 * `npm run dev` adds --watch: a change under nodes/, credentials/ or icons/ rebuilds the
 * package, installs it again and restarts n8n (n8n loads community packages at start only).
 */
import { execFile } from 'node:child_process';
import { watch } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { PACKAGE_ROOT } from './install-package';
import type { LocalN8n } from './local-n8n';

import { startLocalN8n } from './local-n8n';
import { LOCAL_OWNER } from './n8n-api';
import { cacheDirectory } from './runtime';

function option(name: string, fallback: string | undefined): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index !== -1 ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
	const began = Date.now();
	const log = (line: string) => console.log(line);
	const local = await startLocalN8n({
		userFolder: join(cacheDirectory(), 'home'),
		port: Number(option('port', process.env.N8N_PORT ?? '5678')),
		sandboxPort: Number(option('sandbox-port', process.env.OVICE_SANDBOX_PORT ?? '4010')),
		n8nVersion: option('n8n-version', undefined),
		log,
		verbose: process.argv.includes('--verbose'),
	});
	const seconds = ((Date.now() - began) / 1000).toFixed(1);
	console.log(`
Ready in ${seconds} s.

  n8n            ${local.server.url}
  login          ${LOCAL_OWNER.email} / ${LOCAL_OWNER.password}${local.ownerCreated ? '   (created now)' : ''}
  credential     "${local.credential.name}" → ${local.sandbox.url}
  examples       ${local.examples.map((example) => example.name).join('\n                 ')}
  n8n log        ${local.server.logFile}
  runtime cache  ${local.runtime.cacheDir}

To go live, open the credential and enter your ovice Client ID, Client Secret and
Organization ID, with Base URL https://api.ovice.com. Press Ctrl-C to stop.`);

	let stopping = false;
	let restarting = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandbox …');
		void local.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	const watchExit = () =>
		local.server.process.once('exit', (code) => {
			if (stopping) return;
			if (restarting) return;
			console.error(`n8n exited unexpectedly (code ${code}); see ${local.server.logFile}`);
			void local.sandbox.close().then(() => process.exit(1));
		});
	watchExit();
	if (process.argv.includes('--watch')) {
		watchSources(local, {
			stopping: () => stopping,
			setRestarting: (value) => (restarting = value),
			afterRestart: watchExit,
		});
	}
}

/** Rebuilds and restarts on source changes, one rebuild at a time. */
function watchSources(
	local: LocalN8n,
	hooks: { stopping(): boolean; setRestarting(value: boolean): void; afterRestart(): void },
): void {
	let timer: NodeJS.Timeout | undefined;
	let running = false;
	let again = false;
	const rebuild = async () => {
		if (running) {
			again = true;
			return;
		}
		running = true;
		hooks.setRestarting(true);
		try {
			console.log('\nChange seen: rebuilding …');
			await promisify(execFile)('npm', ['run', 'build'], { cwd: PACKAGE_ROOT });
			await local.restart();
			hooks.afterRestart();
			console.log(`Rebuilt and restarted: ${local.server.url}`);
		} catch (error) {
			console.error(`Rebuild failed: ${(error as Error).message}`);
		} finally {
			running = false;
			hooks.setRestarting(false);
			if (again && !hooks.stopping()) {
				again = false;
				void rebuild();
			}
		}
	};
	for (const folder of ['nodes', 'credentials', 'icons']) {
		watch(join(PACKAGE_ROOT, folder), { recursive: true }, () => {
			clearTimeout(timer);
			timer = setTimeout(() => void rebuild(), 800);
		});
	}
	console.log('Watching nodes/, credentials/ and icons/ for changes.');
}

main().catch((error: Error) => {
	console.error(`npm start failed: ${error.message}`);
	process.exit(1);
});
