/**
 * `npm run check:published [-- --version 0.1.0]`: a maintainer's check after publishing
 * (not run in CI: it needs the package on the public npm registry). It starts a throwaway
 * n8n without this repository's build, installs the published package through n8n's own
 * Community Nodes REST API (Settings → Community Nodes → Install does the same), creates
 * a sandbox credential and runs one operation against the local sandbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { oviceWorkflow, runManually } from './n8n/runs';
import { option } from './options';
import { SANDBOX_CREDENTIAL_NAME, sandboxCredentialData, startLocalN8n } from './n8n/local';

const version = option('version');
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
	const folder = mkdtempSync(join(tmpdir(), 'ovice-published-'));
	const local = await startLocalN8n({
		userFolder: folder,
		port: 5740,
		sandboxPort: 4070,
		log,
		installLocal: false,
	});
	try {
		log(
			`Installing n8n-nodes-ovice${version ? `@${version}` : ''} from the npm registry through n8n …`,
		);
		const installed = await local.api.call<{
			installedVersion: string;
			installedNodes: Array<{ type: string }>;
		}>('POST', '/community-packages', {
			name: 'n8n-nodes-ovice',
			...(version ? { version } : {}),
		});
		log(
			`n8n installed ${installed.installedVersion}: ${installed.installedNodes.map((node) => node.type).join(', ')}`,
		);
		const credential = await local.api.credentialOrCreate(
			SANDBOX_CREDENTIAL_NAME,
			'oviceApi',
			sandboxCredentialData(local.sandbox.url),
		);
		const run = await runManually(
			local,
			oviceWorkflow(
				'published: list workspaces',
				{ resource: 'workspace', operation: 'getAll', returnAll: true },
				credential,
			),
		);
		const names = run.output('ovice').map((item) => item.name);
		if (run.record.status !== 'success' || !names.includes('Tokyo HQ'))
			throw new Error(
				`the operation did not list the sandbox's workspaces: ${JSON.stringify(run.error ?? names)}`,
			);
		log(`Published package works: Workspace → Get Many listed ${names.join(', ')}.`);
	} finally {
		await local.stop();
		rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error: Error) => {
	process.stderr.write(`check:published failed: ${error.message}\n`);
	process.exit(1);
});
