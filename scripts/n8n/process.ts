/** Starts and stops a real n8n server from the provisioned runtime. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';

import { signalGroup, track } from './children';
import type { Log, Runtime } from './runtime';

export interface N8nServer {
	url: string;
	port: number;
	userFolder: string;
	process: ChildProcess;
	logFile: string;
	stop(): Promise<void>;
}

export interface N8nOptions {
	userFolder: string;
	port: number;
	/** the task runner broker's port; n8n's default (5679) collides with a second instance */
	brokerPort?: number;
	log: Log;
	/** print n8n's own output too */
	verbose?: boolean;
	env?: NodeJS.ProcessEnv;
	/** which n8n process: the main one (default), a queue-mode worker, or a webhook process */
	role?: 'start' | 'worker' | 'webhook';
}

/** The line each kind of n8n process prints once it serves. */
const READY_LINE = {
	start: 'Editor is now accessible',
	worker: 'n8n worker is now ready',
	webhook: 'Webhook listener waiting for requests',
};

/** Settings that keep n8n quiet and local: no telemetry, no calls home, plain-http login. */
export function n8nEnvironment(runtime: Runtime, options: N8nOptions): NodeJS.ProcessEnv {
	const inherited = { ...process.env };
	// Test runners set these; n8n refuses to load nodes when it thinks it runs under a test.
	delete inherited.JEST_WORKER_ID;
	delete inherited.NODE_OPTIONS;
	return {
		...inherited,
		NODE_ENV: 'production',
		PATH: runtime.path,
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort ?? options.port + 1),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		// n8n's lists of verified community nodes and (2.x) of MCP servers come from api.n8n.io;
		// 1.x refuses a module name it does not know.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		...(runtime.n8nVersion.startsWith('1.') ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: 'info',
		WEBHOOK_URL: `http://localhost:${options.port}/`,
		...options.env,
	};
}

async function healthy(url: string): Promise<boolean> {
	try {
		const response = await request(`${url}/rest/settings`, { headersTimeout: 2000 });
		await response.body.text();
		return response.statusCode === 200;
	} catch {
		return false;
	}
}

export async function startN8n(runtime: Runtime, options: N8nOptions): Promise<N8nServer> {
	const url = `http://localhost:${options.port}`;
	if (await healthy(url))
		throw new Error(`Something already answers on ${url}; stop it or choose another port`);
	// The user folder holds the encryption key, the database and the login: owner only.
	mkdirSync(options.userFolder, { recursive: true, mode: 0o700 });
	chmodSync(options.userFolder, 0o700);
	const logFile = join(options.userFolder, 'n8n.log');
	const logStream = createWriteStream(logFile, { flags: 'a' });
	const role = options.role ?? 'start';
	const readyLine = READY_LINE[role];
	const child = track(
		spawn(runtime.node, [runtime.n8n, role], {
			env: n8nEnvironment(runtime, options),
			stdio: ['ignore', 'pipe', 'pipe'],
			// Its own process group, so stopping it also stops its task runner.
			detached: true,
		}),
	);
	let ready = false;
	// n8n answers HTTP while its migrations still run; it is ready when it says so.
	let announced = false;
	let recent: string[] = [];
	const onOutput = (chunk: Buffer) => {
		if (chunk.toString().includes(readyLine)) announced = true;
		recent = [
			...recent,
			...chunk
				.toString()
				.split('\n')
				.filter((line) => line.trim()),
		].slice(-25);
		logStream.write(chunk);
		if (options.verbose || !ready) {
			for (const line of chunk.toString().split('\n')) {
				if (line.trim() && (options.verbose || line.includes(readyLine)))
					options.log(`  [n8n ${role}] ${line.trim()}`);
			}
		}
	};
	child.stdout!.on('data', onOutput);
	child.stderr!.on('data', onOutput);
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code) => resolve(code)),
	);

	const started = Date.now();
	// A worker serves no HTTP; the main and webhook processes answer once ready.
	while (!announced || (role === 'start' && !(await healthy(url)))) {
		const stillRunning = await Promise.race([
			exited.then(() => false),
			new Promise<boolean>((r) => setTimeout(() => r(true), 500)),
		]);
		if (!stillRunning)
			throw new Error(
				`n8n exited before it was ready; last lines of ${logFile}:\n${recent.join('\n')}`,
			);
		if (Date.now() - started > 180_000) {
			signalGroup(child, 'SIGKILL');
			throw new Error(`n8n was not ready after 3 minutes; see ${logFile}`);
		}
	}
	ready = true;
	return {
		url,
		port: options.port,
		userFolder: options.userFolder,
		process: child,
		logFile,
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) {
				signalGroup(child, 'SIGTERM');
				const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 15_000);
				await exited;
				clearTimeout(timer);
			}
			logStream.end();
		},
	};
}
