// Hardhat 2 configuration for the local EVM chain of the tests (test/support/chain.ts). Hardhat is only
// the chain here: nothing is compiled by it (scripts/compile-contract.ts uses the solc npm package),
// so no `solidity` section and no task that could download a compiler. Sources, cache and artifacts
// name a folder that does not exist, so the node's artifact watcher finds nothing to load.
// Hardhat 2 reads only CommonJS configs; the lint config knows ESM globals only.
/* global module */

module.exports = {
  networks: {
    hardhat: {
      // Hardhat's default development chain id; tests read it from eth_chainId anyway.
      chainId: 31337,
      // Every transaction is mined at once, so a receipt exists when sendTransaction returns.
      mining: { auto: true, interval: 0 },
      // The default mnemonic's 20 accounts with 10000 ETH each (test/support/chain.ts derives them).
      accounts: { count: 20 },
      loggingEnabled: false,
    },
  },
  paths: {
    sources: './unused/contracts',
    cache: './unused/cache',
    artifacts: './unused/artifacts',
  },
};
