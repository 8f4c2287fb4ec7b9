/** What one round's step 1 adds up across venues, and the flows step 2 turns into prices. */
export interface RoundTally {
  liquidations: number;
  liquidatedUsd: number;
  unprofitable: number;
  /** USD sold / bought per asset index this round. */
  sell: Float64Array;
  buy: Float64Array;
  /** A storefront sale or an auction taken or still running: the cascade goes on (SPEC 8.5, 8.6). */
  keepGoing: boolean;
}

export const newTally = (assetCount: number): RoundTally => ({
  liquidations: 0,
  liquidatedUsd: 0,
  unprofitable: 0,
  sell: new Float64Array(assetCount),
  buy: new Float64Array(assetCount),
  keepGoing: false,
});
