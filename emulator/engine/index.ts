/** The engine of the SQL Server Agent emulator: msdb (Agent, proxies, package store), SSISDB, the Agent. */
import { Engine } from './instance.js';
import type { CreateEngine } from './types.js';

export const createEngine: CreateEngine = async (options) => new Engine(options, []);
