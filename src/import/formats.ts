/** The import formats as the format picker lists them (the editor reads only this, not the importers). */
export interface ImportFormat {
  format: string;
  label: string;
  detail: string;
}

export const IMPORT_FORMATS = {
  compoundV3: {
    format: "compound-v3",
    label: "Compound v3 (Comet) configuration.json",
    detail: "deployments/<network>/<market>/configuration.json → a compound venue",
  },
  aaveV3: {
    format: "aave-v3",
    label: "Aave v3 configuration snapshot",
    detail: "a governance report's JSON (chainId, eModes, reserves) → an aave-v3.3 venue",
  },
  morphoBlue: {
    format: "morpho-blue",
    label: "Morpho Blue market params",
    detail: "MarketParams (loanToken, collateralToken, oracle, irm, lltv) → a morpho venue per market",
  },
  dydxV4: {
    format: "dydx-v4",
    label: "dYdX v4 genesis or chain state",
    detail: "app_state.perpetuals, prices and clob.liquidations_config → a perps venue",
  },
  hyperliquid: {
    format: "hyperliquid",
    label: "Hyperliquid meta response",
    detail: 'POST /info {"type":"meta"} or metaAndAssetCtxs (JSON, or a recorded YAML cassette) → a perps venue',
  },
} as const satisfies Record<string, ImportFormat>;
