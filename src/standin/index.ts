// The stand-in model: an OpenAI-compatible server answering from a fixed bank, with injectable faults.
export { buildStandin, createStandinServer, startStandin, STANDIN_MODEL, STANDIN_OWNER, type RunningStandin, type StandinOptions, type StandinStats } from './server.ts';
export { defaultFaults, type StandinFaults } from './faults.ts';
export { defaultBankDir, loadBank, type BankEntry } from './bank.ts';
