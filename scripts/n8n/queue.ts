/**
 * n8n in queue mode on this machine: one main process (editor, triggers, pollers), worker
 * processes that run executions from Redis, and a webhook process, all on one PostgreSQL
 * database and one encryption key. Every process has its own user folder with this package
 * installed by n8n's manual route, as each process loads community packages itself.
 *
 * PostgreSQL and Redis come from n8n's usual environment variables (DB_POSTGRESDB_HOST,
 * DB_POSTGRESDB_PORT, DB_POSTGRESDB_USER, DB_POSTGRESDB_PASSWORD, QUEUE_BULL_REDIS_HOST,
 * QUEUE_BULL_REDIS_PORT), defaulting to localhost.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

import { KEEP_FOR_TESTS, startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/server';
import { installPackage } from './install-package';
import {
	importExamples,
	exampleTokens,
	SANDBOX_CREDENTIAL_NAME,
	sandboxCredentialData,
} from './local';
import { N8nApi } from './rest-api';
import type { Owner } from './rest-api';
import { startN8n } from './process';
import type { N8nServer } from './process';
import { localOwner } from './owner';
import { ensureRuntime } from './runtime';
import type { Log, Runtime } from './runtime';

export interface QueueN8n {
	runtime: Runtime;
	sandbox: Sandbox;
	main: N8nServer;
	workers: N8nServer[];
	webhook: N8nServer;
	api: N8nApi;
	credential: { id: string; name: string };
	owner: Owner;
	examples: Array<{ id: string; name: string; file: string }>;
	database: string;
	/**
	 * Stops the main process, runs `whileDown` (if given) while it is down, and starts it
	 * again on the same database; workers and the webhook process keep running.
	 */
	restartMain(whileDown?: () => Promise<void>): Promise<void>;
	/** Starts one more worker (the next port after the last one). */
	addWorker(): Promise<N8nServer>;
	stop(): Promise<void>;
}

export interface QueueOptions {
	/** folder holding one user folder per process */
	folder: string;
	workers: number;
	/** the main process's port; workers and the webhook process take the ports after it */
	port: number;
	sandboxPort: number;
	log: Log;
	/**
	 * Keep this deployment between runs (npm start): a fixed database, Redis prefix and
	 * encryption key stored in the folder. Without it every run is new (tests).
	 */
	persistent?: boolean;
}

const env = process.env;
export const POSTGRES = {
	host: env.DB_POSTGRESDB_HOST ?? '127.0.0.1',
	port: Number(env.DB_POSTGRESDB_PORT ?? 5432),
	user: env.DB_POSTGRESDB_USER ?? 'postgres',
	password: env.DB_POSTGRESDB_PASSWORD ?? '',
};
export const REDIS = {
	host: env.QUEUE_BULL_REDIS_HOST ?? '127.0.0.1',
	port: Number(env.QUEUE_BULL_REDIS_PORT ?? 6379),
};

/** Whether something accepts TCP connections there, within two seconds. */
function answers(host: string, port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host, port, timeout: 2000 });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('timeout', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', () => resolve(false));
	});
}

/** A clear message, not a stack trace, when PostgreSQL or Redis is not there. */
export async function checkQueueServices(): Promise<string | undefined> {
	if (!(await answers(POSTGRES.host, POSTGRES.port))) {
		return `PostgreSQL does not answer on ${POSTGRES.host}:${POSTGRES.port}. Start it, or set DB_POSTGRESDB_HOST and DB_POSTGRESDB_PORT to where it runs.`;
	}
	if (!(await answers(REDIS.host, REDIS.port))) {
		return `Redis does not answer on ${REDIS.host}:${REDIS.port}. Start it, or set QUEUE_BULL_REDIS_HOST and QUEUE_BULL_REDIS_PORT to where it runs.`;
	}
	return undefined;
}

/** Creates the database if it is missing, with n8n's own PostgreSQL client under n8n's Node. */
function createDatabase(runtime: Runtime, name: string): void {
	const script = `
const { Client } = require(${JSON.stringify(join(runtime.n8nDir, 'node_modules', 'pg'))});
const client = new Client(${JSON.stringify({ ...POSTGRES, database: 'postgres' })});
client.connect()
	.then(() => client.query('SELECT 1 FROM pg_database WHERE datname = $1', [${JSON.stringify(name)}]))
	.then((found) => (found.rowCount ? undefined : client.query('CREATE DATABASE "${name}"')))
	.then(() => client.end())
	.catch((error) => { console.error(error.message); process.exit(1); });`;
	execFileSync(runtime.node, ['-e', script], { stdio: 'pipe' });
}

/** The deployment's identity: kept in a 0600 file for npm start, new for every test run. */
function deploymentOf(
	folder: string,
	persistent: boolean,
): { database: string; prefix: string; encryptionKey: string } {
	const fresh = () => {
		const run = randomBytes(4).toString('hex');
		return {
			database: `ovice_queue_${run}`,
			prefix: `ovice-${run}`,
			encryptionKey: randomBytes(24).toString('hex'),
		};
	};
	if (!persistent) return fresh();
	const file = join(folder, 'deployment.json');
	if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof fresh>;
	const made = { ...fresh(), database: 'ovice_local_queue', prefix: 'ovice-local' };
	mkdirSync(folder, { recursive: true, mode: 0o700 });
	writeFileSync(file, `${JSON.stringify(made, null, 2)}\n`, { mode: 0o600 });
	return made;
}

export async function startQueueN8n(options: QueueOptions): Promise<QueueN8n> {
	const { log } = options;
	const problem = await checkQueueServices();
	if (problem) throw new Error(problem);
	const runtime = await ensureRuntime({ log });
	const { database, prefix, encryptionKey } = deploymentOf(
		options.folder,
		options.persistent === true,
	);
	createDatabase(runtime, database);
	log(
		`queue mode: database ${database} on ${POSTGRES.host}:${POSTGRES.port}, Redis ${REDIS.host}:${REDIS.port} (prefix ${prefix})`,
	);
	const shared: NodeJS.ProcessEnv = {
		EXECUTIONS_MODE: 'queue',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: POSTGRES.host,
		DB_POSTGRESDB_PORT: String(POSTGRES.port),
		DB_POSTGRESDB_USER: POSTGRES.user,
		DB_POSTGRESDB_PASSWORD: POSTGRES.password,
		DB_POSTGRESDB_DATABASE: database,
		QUEUE_BULL_REDIS_HOST: REDIS.host,
		QUEUE_BULL_REDIS_PORT: String(REDIS.port),
		QUEUE_BULL_PREFIX: prefix,
		// n8n also caches webhooks and more in Redis, under keys of its own: keep them apart.
		N8N_REDIS_KEY_PREFIX: prefix,
		N8N_CACHE_REDIS_KEY_PREFIX: `${prefix}-cache`,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_LOG_LEVEL: 'info',
	};
	const folderOf = (name: string) => {
		const folder = join(options.folder, name);
		mkdirSync(folder, { recursive: true });
		return folder;
	};
	const sandbox = await startSandbox({ port: options.sandboxPort, keep: KEEP_FOR_TESTS });
	let started: N8nServer[] = [];
	const launch = (role: 'start' | 'worker' | 'webhook', userFolder: string, port: number) =>
		startN8n(runtime, {
			userFolder,
			port,
			brokerPort: port + 50,
			log,
			role,
			env: { ...shared, WEBHOOK_URL: `http://localhost:${options.port + 1}/` },
		});
	const startProcess = async (role: 'start' | 'worker' | 'webhook', name: string, port: number) => {
		const userFolder = folderOf(name);
		await installPackage(userFolder, log);
		const server = await launch(role, userFolder, port);
		started.push(server);
		return server;
	};
	try {
		let main = await startProcess('start', 'main', options.port);
		const webhook = await startProcess('webhook', 'webhook', options.port + 1);
		const workers: N8nServer[] = [];
		for (let index = 0; index < options.workers; index++)
			workers.push(await startProcess('worker', `worker-${index + 1}`, options.port + 2 + index));
		const api = new N8nApi(main.url);
		const owner = localOwner(main.userFolder);
		await api.signIn(owner);
		const created = await api.credentialOrCreate(
			SANDBOX_CREDENTIAL_NAME,
			'oviceApi',
			sandboxCredentialData(sandbox.url),
		);
		const credential = { id: created.id, name: created.name };
		const { byType } = await exampleTokens(api, main.userFolder);
		const examples = await importExamples(api, credential, byType);
		return {
			runtime,
			sandbox,
			get main() {
				return main;
			},
			workers,
			webhook,
			api,
			credential,
			owner,
			examples,
			database,
			restartMain: async (whileDown) => {
				await main.stop();
				started = started.filter((server) => server !== main);
				await whileDown?.();
				main = await launch('start', main.userFolder, options.port);
				started.unshift(main);
				await api.signIn(owner);
			},
			addWorker: async () => {
				const worker = await startProcess(
					'worker',
					`worker-${workers.length + 1}`,
					options.port + 2 + workers.length,
				);
				workers.push(worker);
				return worker;
			},
			stop: async () => {
				for (const server of [...started].reverse()) await server.stop();
				await sandbox.close();
			},
		};
	} catch (error) {
		for (const server of [...started].reverse()) await server.stop();
		await sandbox.close();
		throw error;
	}
}
