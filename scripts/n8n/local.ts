/**
 * Everything `npm start` and the end-to-end tests need, brought up in order: the pinned
 * n8n runtime, this package installed by n8n's documented manual route, the ovice
 * sandbox, n8n itself, an owner login, the "ovice sandbox" credential and the examples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SANDBOX_KEY, SANDBOX_ORGANIZATION_ID } from '../../sandbox/data';
import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/server';
import { installPackage, PACKAGE_ROOT, sandboxDocsBase } from './install-package';
import { N8nApi } from './rest-api';
import type { Owner, WorkflowJson } from './rest-api';
import { localMcpToken, localOwner, localWebhookToken } from './owner';
import { startN8n } from './process';
import type { N8nServer } from './process';
import { ensureRuntime } from './runtime';
import type { Log, Runtime } from './runtime';

export const SANDBOX_CREDENTIAL_NAME = 'ovice sandbox';

/** The bearer-token credential the MCP server example's trigger asks MCP clients for. */
export const MCP_CREDENTIAL_NAME = 'ovice MCP token';
/** The token credential the webhook example's trigger asks its URL for. */
export const WEBHOOK_TOKEN_CREDENTIAL_NAME = 'ovice webhook token';

/**
 * What n8n 3.0 changes by default, set on the n8n `npm start` runs so it already runs that
 * way: outbound request protection (SSRF) on, with this machine allowed, where the sandbox
 * listens (n8n's own settings; ignored by 1.x, which has none); unverified community packages
 * allowed explicitly, as 3.0 needs for a package that n8n has not verified yet.
 */
export const AS_N8N_3: NodeJS.ProcessEnv = {
	N8N_SSRF_PROTECTION_ENABLED: 'true',
	N8N_SSRF_ALLOWED_HOSTNAMES: 'localhost',
	N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32,::1/128',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
};

/** The ovice credential's data for the sandbox's key and organization at this address. */
export function sandboxCredentialData(
	baseUrl: string,
	extra: Record<string, string | number> = {},
): Record<string, string | number> {
	return {
		clientId: SANDBOX_KEY.clientId,
		clientSecret: SANDBOX_KEY.clientSecret,
		organizationId: SANDBOX_ORGANIZATION_ID,
		baseUrl,
		...extra,
	};
}

export interface LocalN8n {
	runtime: Runtime;
	sandbox: Sandbox;
	server: N8nServer;
	api: N8nApi;
	owner: Owner;
	ownerCreated: boolean;
	credential: { id: string; name: string };
	/** false when the sandbox credential was there already: it was left untouched */
	credentialCreated: boolean;
	examples: Array<{ id: string; name: string; file: string }>;
	/** the bearer token MCP clients send to the MCP server example (kept 0600 in the user folder) */
	mcpToken: string;
	/** the token the webhook example's URL carries (?token=…; kept 0600 in the user folder) */
	webhookToken: string;
	/** installs the current build again and restarts n8n, which loads packages only at start */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

export interface LocalN8nOptions {
	userFolder: string;
	port: number;
	sandboxPort: number;
	n8nVersion?: string;
	log: Log;
	verbose?: boolean;
	/** extra environment for the n8n process (the benchmark's expression counter) */
	env?: NodeJS.ProcessEnv;
	/** how many requests the sandbox's log keeps (its default unless set: tests count more) */
	sandboxKeep?: number;
	/** install this repository's package (default); off for the post-publish check */
	installLocal?: boolean;
	/**
	 * `npm start`: the installed copy's Docs links open the sandbox's pages of this
	 * repository's docs (the npm page they name exists only once the package is published)
	 */
	docsFromSandbox?: boolean;
}

export function exampleFiles(): string[] {
	const folder = join(PACKAGE_ROOT, 'examples');
	return readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => join(folder, file));
}

type CredentialRef = { id: string; name: string };

/** Points every ovice node of a workflow at the given credential (and other credential types at theirs). */
export function withCredential(
	workflow: WorkflowJson,
	credential: CredentialRef,
	others: Record<string, CredentialRef> = {},
): WorkflowJson {
	const byType: Record<string, CredentialRef> = { ...others, oviceApi: credential };
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			if (!node.credentials) return node;
			const credentials = Object.fromEntries(
				Object.entries(node.credentials).map(([type, reference]) => [
					type,
					byType[type] ?? reference,
				]),
			);
			return { ...node, credentials };
		}),
	};
}

/** A credential holding a token made once; created once and never changed. */
async function tokenCredential(
	api: N8nApi,
	name: string,
	type: string,
	token: string,
): Promise<{ credential: CredentialRef; token: string }> {
	const { id } = await api.credentialOrCreate(name, type, { token });
	return { credential: { id, name }, token };
}

/** The MCP example's bearer token and the webhook example's URL token, with their credentials. */
export async function exampleTokens(api: N8nApi, userFolder: string) {
	const mcp = await tokenCredential(
		api,
		MCP_CREDENTIAL_NAME,
		'httpBearerAuth',
		localMcpToken(userFolder),
	);
	const webhook = await tokenCredential(
		api,
		WEBHOOK_TOKEN_CREDENTIAL_NAME,
		'oviceWebhookTokenApi',
		localWebhookToken(userFolder),
	);
	const byType = { httpBearerAuth: mcp.credential, oviceWebhookTokenApi: webhook.credential };
	return { mcp, webhook, byType };
}

/** Imports the examples that are not there yet, pointed at the credentials (by type). */
export async function importExamples(
	api: N8nApi,
	credential: CredentialRef,
	others: Record<string, CredentialRef>,
): Promise<LocalN8n['examples']> {
	const existing = await api.workflows();
	const examples: LocalN8n['examples'] = [];
	for (const file of exampleFiles()) {
		const workflow = JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
		const found = existing.find((candidate) => candidate.name === workflow.name);
		const saved = found ?? (await api.createWorkflow(withCredential(workflow, credential, others)));
		examples.push({ id: saved.id!, name: workflow.name, file });
	}
	return examples;
}

export async function startLocalN8n(options: LocalN8nOptions): Promise<LocalN8n> {
	const { log } = options;
	const runtime = await ensureRuntime({ n8nVersion: options.n8nVersion, log });
	log(`n8n ${runtime.n8nVersion} on Node ${runtime.node}`);
	const install = {
		docsBase: options.docsFromSandbox ? sandboxDocsBase(options.sandboxPort) : undefined,
	};
	if (options.installLocal !== false) await installPackage(options.userFolder, log, install);
	const sandbox = await startSandbox({ port: options.sandboxPort, keep: options.sandboxKeep });
	log(`ovice sandbox on ${sandbox.url}`);
	let server: N8nServer | undefined;
	try {
		server = await startN8n(runtime, {
			userFolder: options.userFolder,
			port: options.port,
			log,
			verbose: options.verbose,
			env: options.env,
		});
		const api = new N8nApi(server.url);
		const owner = localOwner(options.userFolder);
		const ownerCreated = await api.signIn(owner);
		// Created once; never changed afterwards, so a key the user typed in stays.
		const { created: credentialCreated, ...credential } = await api.credentialOrCreate(
			SANDBOX_CREDENTIAL_NAME,
			'oviceApi',
			sandboxCredentialData(sandbox.url),
		);
		const { mcp, webhook, byType } = await exampleTokens(api, options.userFolder);
		const examples =
			options.installLocal === false ? [] : await importExamples(api, credential, byType);
		let running = server;
		const n8nOptions = {
			userFolder: options.userFolder,
			port: options.port,
			log,
			verbose: options.verbose,
			env: options.env,
		};
		return {
			runtime,
			sandbox,
			get server() {
				return running;
			},
			api,
			owner,
			ownerCreated,
			credential,
			credentialCreated,
			examples,
			mcpToken: mcp.token,
			webhookToken: webhook.token,
			restart: async () => {
				await running.stop();
				await installPackage(options.userFolder, log, install);
				running = await startN8n(runtime, n8nOptions);
				await api.signIn(owner);
			},
			stop: async () => {
				await running.stop();
				await sandbox.close();
			},
		};
	} catch (error) {
		await server?.stop();
		await sandbox.close();
		throw error;
	}
}
