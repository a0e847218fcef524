/**
 * The files `npm run generate` writes from the operation declarations are what it would
 * write now: a declaration changed without running it fails here, naming the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { generatedFiles } from '../scripts/generate';
import { PACKAGE_ROOT } from './harness/engine';

describe('generated copies of the operation declarations', () => {
	it.each(generatedFiles().map((file) => [file.path, file] as const))(
		'%s is current',
		(path, file) => {
			const stale = readFileSync(join(PACKAGE_ROOT, path), 'utf8') !== file.content;
			expect(stale ? [`${path} is stale: run \`npm run generate\``] : []).toEqual([]);
		},
	);
});
