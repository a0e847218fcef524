// This folder never ships: the tools' rules, not n8n's (see ../eslint.tools.config.mjs).
export { default } from '../eslint.tools.config.mjs';
