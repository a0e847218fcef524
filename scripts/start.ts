/**
 * `npm start`: a real n8n on http://localhost:5678 with this package installed, the ovice
 * sandbox, a login, a sandbox credential and the example workflows. Ctrl-C stops it all.
 *
 *   npm start -- --n8n-version 2.41.1 --port 5678 --sandbox-port 4010 --verbose
 */
import { join } from 'node:path';

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
	const stop = () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandbox …');
		void local.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	local.server.process.once('exit', (code) => {
		if (stopping) return;
		console.error(`n8n exited unexpectedly (code ${code}); see ${local.server.logFile}`);
		void local.sandbox.close().then(() => process.exit(1));
	});
}

main().catch((error: Error) => {
	console.error(`npm start failed: ${error.message}`);
	process.exit(1);
});
