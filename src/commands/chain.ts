// `neosl chain status | accounts | mine [n] | transfer <to> <amount> | tx <hash>`: drives the in-process chain of
// a running `neosl dev` through its /_neosl/chain routes and reads it at /_neosl/rpc (the chain lives
// in the emulator's process). One module per command under ./chain/.
export { chainAccountsCommand } from './chain/accounts.js';
export { chainMineCommand } from './chain/mine.js';
export { chainStatusCommand } from './chain/status.js';
export { chainTransferCommand } from './chain/transfer.js';
export { chainTxCommand } from './chain/tx.js';
