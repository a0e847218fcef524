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
import { request } from 'undici';

import { PACKAGE_ROOT } from './n8n/install-package';
import type { LocalN8n } from './n8n/local';

import { stopAll } from './n8n/children';
import { AS_N8N_3, startLocalN8n } from './n8n/local';
import { mcpTokenFile, ownerFile, webhookTokenFile } from './n8n/owner';
import { flag, numberOption, option } from './options';
import { startQueueN8n } from './n8n/queue';
import { cacheDirectory } from './n8n/runtime';

/** Set once n8n and the sandbox are up; before that, stopping means stopping the installs and n8n's boot. */
let deployment: { stop(): Promise<void> } | undefined;
let stopping = false;

/** Ends every process the launcher started, whenever the signal comes, then exits. */
function stop(code: number): void {
	if (stopping) return;
	stopping = true;
	console.log('\nStopping n8n and the sandbox …');
	const ended = deployment ? deployment.stop() : Promise.resolve();
	void ended
		.catch(() => undefined)
		.then(() => stopAll())
		.then(() => process.exit(code));
}

/** `npm start -- --queue --workers N`: main, N workers and a webhook process on PostgreSQL and Redis. */
async function startQueue(): Promise<void> {
	const began = Date.now();
	const port = numberOption('port', process.env.N8N_PORT ?? 5678);
	const queue = await startQueueN8n({
		folder: join(cacheDirectory(), 'queue'),
		workers: Math.max(1, numberOption('workers', 1)),
		port,
		sandboxPort: numberOption('sandbox-port', process.env.OVICE_SANDBOX_PORT ?? 4010),
		log: (line) => console.log(line),
		persistent: true,
	});
	deployment = queue;
	if (stopping) return;
	console.log(`
Ready in queue mode in ${((Date.now() - began) / 1000).toFixed(1)} s.

  n8n (main)     ${queue.main.url}        editor, triggers, pollers
  webhooks       ${queue.webhook.url}        production webhooks (WEBHOOK_URL points here)
  workers        ${queue.workers.length}, running every execution
  login          ${queue.owner.email} / ${queue.owner.password}
  database       ${queue.database} (PostgreSQL), Redis prefix in ${join(cacheDirectory(), 'queue', 'deployment.json')}
  credential     "${queue.credential.name}" → ${queue.sandbox.url}
  examples       ${queue.examples.map((example) => example.name).join('\n                 ')}

Press Ctrl-C to stop every process.`);
}

async function main(): Promise<void> {
	// Before the first child starts, so a signal during installs or n8n's boot leaves nothing.
	process.on('SIGINT', () => stop(130));
	process.on('SIGTERM', () => stop(143));
	if (flag('queue')) return await startQueue();
	const began = Date.now();
	const log = (line: string) => console.log(line);
	const userFolder = join(cacheDirectory(), 'home');
	const local = await startLocalN8n({
		userFolder,
		port: numberOption('port', process.env.N8N_PORT ?? 5678),
		sandboxPort: numberOption('sandbox-port', process.env.OVICE_SANDBOX_PORT ?? 4010),
		n8nVersion: option('n8n-version'),
		log,
		verbose: flag('verbose'),
		docsFromSandbox: true,
		env: AS_N8N_3,
	});
	deployment = local;
	if (stopping) return;
	const ready = local;
	const mcpServer = await activateMcpExample(ready);
	const seconds = ((Date.now() - began) / 1000).toFixed(1);
	console.log(`
Ready in ${seconds} s.

  n8n            ${ready.server.url}   (after login n8n may open its Assistant: Overview is in the left sidebar)
  login          ${ready.owner.email} / ${ready.owner.password}${ready.ownerCreated ? '   (created now)' : ''}
                 (kept in ${ownerFile(userFolder)}, readable by you only)
  credential     "${ready.credential.name}" → ${ready.credentialCreated ? `${ready.sandbox.url} (created now)` : 'already there: left as it is'}
  examples       ${ready.examples.map((example) => example.name).join('\n                 ')}
  MCP server     ${mcpServer}
  webhook token  ${ready.webhookToken}
                 (the webhook example's URL carries it as ?token=…; kept in ${webhookTokenFile(userFolder)}, readable by you only)
  docs           ${ready.sandbox.url}/docs (the nodes' Docs links open these pages)
  n8n log        ${ready.server.logFile}
  runtime cache  ${ready.runtime.cacheDir}

To go live, create a new "Ovice API" credential (Overview → Create → Credential) with your
ovice Client ID, Client Secret and Organization ID, Base URL https://api.ovice.com, and
choose it in your workflows. Press Ctrl-C to stop.`);

	let restarting = false;
	const watchExit = () =>
		ready.server.process.once('exit', (code) => {
			if (stopping || restarting) return;
			console.error(`n8n exited unexpectedly (code ${code}); see ${ready.server.logFile}`);
			stop(1);
		});
	watchExit();
	if (flag('watch')) {
		watchSources(ready, {
			stopping: () => stopping,
			setRestarting: (value) => (restarting = value),
			afterRestart: watchExit,
		});
	}
}

/**
 * The MCP server example serves every ovice operation as a tool once its workflow is
 * active; its address is what an MCP client (Claude, Cursor…) connects to.
 */
async function activateMcpExample(ready: LocalN8n): Promise<string> {
	const example = ready.examples.find((entry) => entry.file.endsWith('ovice-mcp-server.json'));
	if (!example) return 'not imported';
	try {
		const workflow = await ready.api.getWorkflow(example.id);
		// Its tools can send notifications: never serve them without the bearer token.
		const trigger = workflow.nodes.find(
			(node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger',
		);
		if (
			(trigger?.parameters as { authentication?: unknown } | undefined)?.authentication !==
			'bearerAuth'
		) {
			return `not active: the saved workflow "${example.name}" asks MCP clients for no token; delete it and start again to import it with one`;
		}
		if (!workflow.active) await ready.api.activate(example.id);
		// n8n registers an activated trigger's URL a moment later: "Ready" waits for it.
		const url = `${ready.server.url}/mcp/ovice`;
		for (let tries = 0; tries < 60 && (await statusOf(url)) === 404; tries++) {
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		return `${ready.server.url}/mcp/ovice   (Streamable HTTP; workflow "${example.name}")
  MCP token      ${ready.mcpToken}
                 (send it as "Authorization: Bearer <token>"; kept in ${mcpTokenFile(ready.server.userFolder)}, readable by you only)`;
	} catch (error) {
		return `not active: ${(error as Error).message}`;
	}
}

/** The HTTP status a plain POST to `url` gets (0 when nothing answers). */
async function statusOf(url: string): Promise<number> {
	try {
		const response = await request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		await response.body.text();
		return response.statusCode;
	} catch {
		return 0;
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
	if (stopping) return;
	console.error(`npm start failed: ${error.message}`);
	stop(1);
});
