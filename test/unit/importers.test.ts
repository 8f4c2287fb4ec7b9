/**
 * Importers: every fixture (real files of each format, and a second file per format) turns
 * into a file that validates with no error and simulates, and every imported value equals
 * the source's, converted here independently (bps / 1e4, ppm / 1e6, WAD / 1e18, decimals).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse as parseJsonc } from "jsonc-parser";
import { parse as parseYaml } from "yaml";
import { simulateAll } from "../../src/analysis/analyses";
import { run } from "../../src/cli/main";
import { importConfig, importerOf } from "../../src/import/importConfig";
import { ImportError } from "../../src/import/sourceDocument";
import { validateRiskText } from "../../src/rules/validate";
import { temporaryDirectory } from "./support";

const fixtures = path.resolve(__dirname, "../../../test/fixtures/import");
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), "utf8");

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function imported(format: string, name: string, text = fixture(name)) {
  const result = importConfig(importerOf(format)!, text, name);
  const validation = validateRiskText(result.text);
  const errors = validation.problems.filter((p) => p.severity === "error");
  assert.deepEqual(errors, [], `${name} imports with no error`);
  assert.ok(validation.resolved, `${name} resolves`);
  const results = simulateAll(validation.resolved);
  assert.ok(results.length > 0 && results.every((r) => r.venues.every((v) => Number.isFinite(v.badDebtUsd))));
  const marks = result.text.split("// TODO: set (placeholder").length - 1;
  assert.equal(validation.problems.filter((p) => p.code === "CL050").length, marks, "one CL050 per placeholder");
  assert.match(
    result.text,
    new RegExp(`^// Imported by Cascade Lens from ${name.replace(/\./g, "\\.")} \\(format ${format}`),
  );
  return { text: result.text, file: parseJsonc(result.text) as Any, problems: validation.problems };
}

function importError(format: string, text: string, name = "source.json"): ImportError {
  try {
    importConfig(importerOf(format)!, text, name);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  assert.fail("expected an ImportError");
}

describe("import compound-v3", () => {
  for (const name of ["compound-v3-mainnet-usdc-configuration.json", "compound-v3-mainnet-weth-configuration.json"]) {
    it(`${name}: every asset's factors and cap, the base, the storefront and target reserves`, () => {
      const source = JSON.parse(fixture(name));
      const { file } = imported("compound-v3", name);
      const venue = file.venues[0];
      assert.equal(venue.name, source.name);
      assert.equal(venue.liquidation.style, "compound");
      assert.equal(venue.liquidation.baseAsset, source.baseToken);
      assert.equal(venue.liquidation.storeFrontPriceFactor, source.storeFrontPriceFactor);
      // "5000000e6" (USDC, 6 decimals) and "5000e18" (WETH): the mantissa, in whole tokens.
      assert.equal(venue.liquidation.targetReservesUsd, Number(source.targetReserves.split("e")[0]));
      assert.deepEqual(Object.keys(venue.markets), Object.keys(source.assets));
      for (const [symbol, asset] of Object.entries<Any>(source.assets)) {
        const market = venue.markets[symbol];
        assert.equal(market.ltv, asset.borrowCF);
        assert.equal(market.liquidationThreshold, asset.liquidateCF);
        assert.equal(market.liquidationFactor, asset.liquidationFactor);
        const [mantissa, exponent] = asset.supplyCap.replaceAll("_", "").split("e");
        const units = Number(mantissa) * 10 ** (Number(exponent) - Number(asset.decimals));
        if (units === 0) assert.equal(market.supplyCapUsd, undefined, "a 0 cap (no supply allowed yet) is not written");
        else assert.equal(market.supplyCapUsd, units, `${symbol} cap: units at the placeholder price 1`);
        assert.ok(file.assets[symbol], `${symbol} is an asset`);
      }
      assert.equal(file.assets[source.baseToken].price, 1);
    });
  }

  it("refuses a file whose amounts do not tell the base token's decimals, naming the field and its line", () => {
    const text = fixture("compound-v3-mainnet-usdc-configuration.json").replace(
      '"targetReserves": "5000000e6"',
      '"targetReserves": "5000000"',
    );
    const error = importError("compound-v3", text);
    assert.match(error.problems[0].message, /^targetReserves: cannot tell the base token's decimals/);
    assert.equal(error.problems[0].range.start.line, 10);
  });

  it("locates a malformed factor (a string where Comet has a number)", () => {
    const text = fixture("compound-v3-mainnet-weth-configuration.json").replace(
      '"borrowCF": 0.90',
      '"borrowCF": "0.90"',
    );
    const error = importError("compound-v3", text);
    assert.match(error.problems[0].message, /^assets\.cbETH\.borrowCF: /);
    assert.equal(error.problems[0].range.start.line, 31);
  });
});

describe("import aave-v3", () => {
  const checkReserves = (name: string, keyOf: (address: string, reserve: Any) => string) => {
    const source = JSON.parse(fixture(name));
    const { file, text } = imported("aave-v3", name);
    const markets = file.venues[0].markets;
    const active = Object.entries<Any>(source.reserves).filter(([, r]) => r.isActive);
    assert.equal(Object.keys(markets).length, active.length);
    for (const [address, r] of active) {
      const key = keyOf(address, r);
      const market = markets[key];
      assert.ok(market, `${key} is imported`);
      assert.equal(market.ltv, r.ltv / 10000);
      assert.equal(market.liquidationThreshold, r.liquidationThreshold / 10000);
      assert.equal(market.liquidationBonus, r.liquidationBonus === 0 ? 0 : (r.liquidationBonus - 10000) / 10000);
      assert.equal(market.liquidationProtocolFee, r.liquidationProtocolFee / 10000);
      // rETH's entry in the Ethereum snapshot has no oracleDecimals: a placeholder price, and no cap in USD.
      const price = r.oracleDecimals === undefined ? undefined : r.oracleLatestAnswer / 10 ** r.oracleDecimals;
      assert.equal(file.assets[key].price, price ?? 1);
      const usd = (cap: number) => (price === undefined ? undefined : cap * price);
      assert.equal(market.supplyCapUsd, r.supplyCap > 0 ? usd(r.supplyCap) : undefined);
      assert.equal(market.borrowCapUsd, r.borrowCap > 0 && r.borrowingEnabled ? usd(r.borrowCap) : undefined);
    }
    assert.equal(file.venues[0].liquidation.style, "aave-v3.3");
    return { source, file, text };
  };

  it("the Ethereum snapshot: every reserve's bps, bonus without the 100 %, fee, oracle price and caps; eModes kept as comments", () => {
    const { text } = checkReserves("aave-v3-ethereum-config-snapshot-20231031.json", (_, r) => r.symbol);
    assert.match(text, /supplyCap 60000 rETH: no price in the snapshot to state it in USD/);
    assert.match(
      text,
      /eMode 1 "ETH correlated": ltv 0\.9, liquidationThreshold 0\.93, liquidationBonus 0\.01; assets: wstETH, cbETH, WETH, rETH/,
    );
  });

  it("an Arbitrum snapshot: two reserves named USDC stay apart, frozen, borrow-only and non-borrowable reserves", () => {
    const { file, text } = checkReserves("aave-v3-arbitrum-20231031.EXCERPT.json", (address, r) =>
      r.symbol === "USDC" ? `USDC_${address.slice(0, 8)}` : r.symbol,
    );
    assert.ok(file.assets["USDC_0xFF970A"] && file.assets["USDC_0xaf88d0"]);
    assert.match(text, /frozen in the snapshot/);
    assert.deepEqual(file.venues[0].markets.LUSD, {
      ltv: 0,
      liquidationThreshold: 0,
      liquidationBonus: 0,
      liquidationProtocolFee: 0,
      supplyCapUsd: 2200000 * 0.99555104,
      borrowCapUsd: 1800000 * 0.99555104,
    });
    assert.match(
      text,
      /eMode 1 "Stablecoins": ltv 0\.93, liquidationThreshold 0\.95, liquidationBonus 0\.01; assets: EURS, USDC_0xFF970A, USDC_0xaf88d0/,
    );
  });

  it("reads v3.2+ eMode bitmaps (bit i = the reserve with id i)", () => {
    const source = JSON.parse(fixture("aave-v3-arbitrum-20231031.EXCERPT.json"));
    Object.values<Any>(source.reserves).forEach((r, i) => (r.id = i));
    source.eModes = {
      "21": {
        eModeCategory: 21,
        label: "ETH/AAVE",
        ltv: 9300,
        liquidationThreshold: 9500,
        liquidationBonus: 10100,
        collateralBitmap: String(1 + 64),
        borrowableBitmap: "1",
      },
    };
    const { text } = imported("aave-v3", "bitmaps.json", JSON.stringify(source));
    assert.match(
      text,
      /eMode 21 "ETH\/AAVE": ltv 0\.93, liquidationThreshold 0\.95, liquidationBonus 0\.01; collateral: WETH, AAVE; borrowable: WETH/,
    );
  });

  it("refuses a config-engine bonus (5_00, without the 100 %) with its location", () => {
    const text = fixture("aave-v3-arbitrum-20231031.EXCERPT.json").replace(
      '"liquidationBonus": 10750',
      '"liquidationBonus": 750',
    );
    const error = importError("aave-v3", text);
    assert.match(
      error.problems[0].message,
      /liquidationBonus: 750 must be above 10000: a snapshot's bonus includes the 100 %/,
    );
    assert.ok(error.problems[0].range.start.line > 0);
  });
});

describe("import morpho-blue", () => {
  it("one morpho venue per market, the LLTV from its WAD, tokens named by the labels, chains kept apart", () => {
    const source = JSON.parse(fixture("morpho-blue-market-params.DERIVED.json"));
    const { file } = imported("morpho-blue", "morpho-blue-market-params.DERIVED.json");
    assert.equal(file.venues.length, source.markets.length);
    source.markets.forEach((m: Any, i: number) => {
      const venue = file.venues[i];
      const [collateral, loan] = m.label.split(" ")[0].split("/");
      assert.equal(venue.name, m.label);
      assert.equal(venue.liquidation.style, "morpho");
      assert.equal(venue.markets[collateral].liquidationThreshold, Number(m.lltv) / 1e18);
      assert.ok(venue.markets[collateral].ltv < venue.markets[collateral].liquidationThreshold);
      assert.deepEqual(venue.markets[loan], { ltv: 0, liquidationThreshold: 0 });
    });
  });

  it("a bare MarketParams object and an array of them; a token without a label is named by its address", () => {
    const params = {
      loanToken: `0x${"a".repeat(40)}`,
      collateralToken: `0x${"b".repeat(40)}`,
      oracle: `0x${"c".repeat(40)}`,
      irm: `0x${"d".repeat(40)}`,
      lltv: "860000000000000000",
    };
    const single = imported("morpho-blue", "one.json", JSON.stringify(params)).file;
    assert.equal(single.venues[0].markets[params.collateralToken].liquidationThreshold, 0.86);
    const pair = imported(
      "morpho-blue",
      "two.json",
      JSON.stringify([params, { ...params, lltv: "945000000000000000" }]),
    ).file;
    assert.equal(pair.venues.length, 2);
    assert.equal(Object.keys(pair.assets).length, 2, "the same tokens are one asset each");
    assert.notEqual(pair.venues[0].name, pair.venues[1].name);
  });

  it("refuses an LLTV of 100 % and a market lending its own collateral", () => {
    const params = {
      loanToken: `0x${"a".repeat(40)}`,
      collateralToken: `0x${"b".repeat(40)}`,
      lltv: "1000000000000000000",
    };
    assert.match(
      importError("morpho-blue", JSON.stringify({ markets: [params] })).problems[0].message,
      /^markets\[0\]\.lltv: LLTV 1 must be between 0 and 1/,
    );
    assert.match(
      importError("morpho-blue", JSON.stringify({ ...params, collateralToken: params.loanToken, lltv: "5e17" }))
        .problems[0].message,
      /lltv: expected a WAD|collateralToken/,
    );
  });
});

describe("import dydx-v4", () => {
  it("the mainnet genesis: margins per liquidity tier in ppm, prices from market_prices, fee and partial liquidation from the liquidations config", () => {
    const genesis = JSON.parse(fixture("dydx-v4-mainnet-genesis.json")).app_state;
    const { file } = imported("dydx-v4", "dydx-v4-mainnet-genesis.json");
    const venue = file.venues[0];
    const tiers = new Map<number, Any>(genesis.perpetuals.liquidity_tiers.map((t: Any) => [t.id, t]));
    const prices = new Map<number, Any>(genesis.prices.market_prices.map((p: Any) => [p.id, p]));
    for (const { params } of genesis.perpetuals.perpetuals) {
      const market = venue.markets[params.ticker];
      const tier = tiers.get(params.liquidity_tier)!;
      assert.equal(market.initialMargin, tier.initial_margin_ppm / 1e6);
      assert.equal(market.maintenanceMargin, (tier.initial_margin_ppm * tier.maintenance_fraction_ppm) / 1e12);
      assert.equal(market.liquidationFee, 0.015);
      const quote = prices.get(params.market_id)!;
      assert.equal(file.assets[market.asset].price, quote.price / 10 ** -quote.exponent);
    }
    assert.deepEqual(venue.partialLiquidation, { fraction: 0.1, minNotionalUsd: 1000 });
    assert.equal(file.assets.BTC.price, 28688.19524);
    assert.equal(venue.markets["BTC-USD"].maintenanceMargin, 0.03);
  });

  it("a current pre-genesis excerpt (open-interest caps, no prices, no liquidations config): placeholders, never invented", () => {
    const { file, text } = imported("dydx-v4", "dydx-v4-sample-pregenesis.EXCERPT.json");
    assert.equal(file.venues[0].markets["ETH-USD"].maintenanceMargin, 0.03);
    assert.equal(file.venues[0].partialLiquidation, undefined);
    assert.match(text, /"price": 1, \/\/ TODO: set \(placeholder 1\)/);
    assert.match(
      text,
      /"liquidationFee": 0\.015 \/\/ TODO: set \(placeholder 0\.015\): the source has no clob\.liquidations_config/,
    );
  });
});

describe("import hyperliquid", () => {
  it("the recorded 2023 meta response (a YAML cassette): 1 / maxLeverage and half of it, partial liquidation and backstop", () => {
    const cassette = parseYaml(fixture("hyperliquid-meta-response-20230717.cassette.yaml"));
    const meta = JSON.parse(cassette.interactions[0].response.body.string);
    const { file } = imported("hyperliquid", "hyperliquid-meta-response-20230717.cassette.yaml");
    const venue = file.venues[0];
    assert.equal(Object.keys(venue.markets).length, meta.universe.length);
    for (const asset of meta.universe) {
      const market = venue.markets[`${asset.name}-PERP`];
      assert.equal(market.initialMargin, 1 / asset.maxLeverage);
      assert.equal(market.maintenanceMargin, 1 / (2 * asset.maxLeverage));
    }
    assert.deepEqual(venue.partialLiquidation, { fraction: 0.2, fullBelowNotionalUsd: 100000 });
    assert.equal(venue.backstop.triggerShare, 2 / 3);
  });

  it("metaAndAssetCtxs with margin tables: tiers, a table id below 50, delisted assets left out, mark prices", () => {
    const { file, text } = imported("hyperliquid", "hyperliquid-meta-and-asset-ctxs.CONSTRUCTED.json");
    const markets = file.venues[0].markets;
    assert.deepEqual(markets["BTC-PERP"].maintenanceTiers, [
      [0, 1 / 80],
      [150000000, 1 / 40],
    ]);
    assert.equal(markets["BTC-PERP"].initialMargin, 1 / 40);
    assert.deepEqual(markets["ETH-PERP"].maintenanceTiers, [
      [0, 1 / 50],
      [100000000, 1 / 30],
    ]);
    assert.equal(markets["DYDX-PERP"].maintenanceMargin, 0.1);
    assert.equal(markets["MATIC-PERP"], undefined);
    assert.match(text, /left out, delisted: MATIC/);
    assert.equal(file.assets.BTC.price, 97000);
    assert.equal(file.assets.MATIC, undefined);
    assert.equal(file.assets.SOL.price, 180.25, "oraclePx where no markPx");
  });

  it("refuses a cassette with no meta body, and a table whose leverage rises with size", () => {
    assert.match(
      importError("hyperliquid", "interactions: []\n", "c.yaml").problems[0].message,
      /no recorded response holds a meta body/,
    );
    const bad = JSON.parse(fixture("hyperliquid-meta-and-asset-ctxs.CONSTRUCTED.json"));
    bad[0].marginTables[0][1].marginTiers[1].maxLeverage = 30;
    assert.match(
      importError("hyperliquid", JSON.stringify(bad)).problems[0].message,
      /tiers must rise in lowerBound and not rise in maxLeverage/,
    );
  });
});

describe("import: hostile and malformed input", () => {
  it("a syntax error, a __proto__ key and the wrong format are located errors, never a file", () => {
    assert.match(importError("aave-v3", '{"reserves": {').problems[0].message, /JSON syntax error/);
    assert.match(importError("compound-v3", '{"__proto__": {}, "name": "x"}').problems[0].message, /__proto__/);
    const wrong = importError("compound-v3", fixture("morpho-blue-market-params.DERIVED.json"));
    assert.ok(
      wrong.problems.some((p) => /^baseToken: /.test(p.message)),
      "names the missing field",
    );
  });

  it("names that break comments or the file stay data: a label with a newline and a quote", () => {
    const params = {
      label: 'evil/"x"\n}, "version": 1 // ',
      loanToken: `0x${"a".repeat(40)}`,
      collateralToken: `0x${"b".repeat(40)}`,
      lltv: "500000000000000000",
    };
    const { file } = imported("morpho-blue", "evil.json", JSON.stringify(params));
    assert.equal(file.version, 2);
    assert.equal(file.venues[0].name, params.label.trim());
  });
});

describe("CL050 placeholder from import", () => {
  it("stands on each placeholder until the value is edited; a mark inside a string is not one", () => {
    const { text } = imported("compound-v3", "compound-v3-mainnet-weth-configuration.json");
    const before = validateRiskText(text).problems.filter((p) => p.code === "CL050").length;
    const edited = text.replace(
      '"price": 1, // TODO: set (placeholder 1)',
      '"price": 3100, // TODO: set (placeholder 1)',
    );
    assert.equal(validateRiskText(edited).problems.filter((p) => p.code === "CL050").length, before - 1);
    const quoted = edited.replace('"name": "Compound WETH (imported)"', '"name": "x // TODO: set (placeholder 1): y"');
    assert.equal(validateRiskText(quoted).problems.filter((p) => p.code === "CL050").length, before - 1);
    const problem = validateRiskText(text).problems.find((p) => p.code === "CL050")!;
    assert.equal(problem.severity, "warning");
    assert.match(problem.message, /^Placeholder from import: the source has no price for this asset/);
  });
});

describe("cascade-lens import", () => {
  const cli = (...argv: string[]) => {
    let out = "";
    let err = "";
    const code = run(argv, { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n") });
    return { code, out, err };
  };

  it("writes the file whole with -o, refuses to replace one without --force, and writes nothing for a bad source", () => {
    const dir = temporaryDirectory("cl-import-");
    const out = path.join(dir, "comet.risk.jsonc");
    const ok = cli(
      "import",
      "compound-v3",
      path.join(fixtures, "compound-v3-mainnet-usdc-configuration.json"),
      "-o",
      out,
    );
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.err, /placeholders to set \(CL050\)/);
    assert.equal(cli("validate", out).code, 0);
    const original = fs.readFileSync(out, "utf8");
    const again = cli("import", "aave-v3", path.join(fixtures, "aave-v3-arbitrum-20231031.EXCERPT.json"), "-o", out);
    assert.equal(again.code, 2);
    assert.match(again.err, /exists; choose another -o or add --force/);
    assert.equal(fs.readFileSync(out, "utf8"), original);
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, '{"name": "x", "baseToken": "USDC"}');
    const failed = cli("import", "compound-v3", bad, "-o", path.join(dir, "never.risk.jsonc"));
    assert.equal(failed.code, 1);
    assert.match(failed.err, /bad\.json:1:1: error import/);
    assert.equal(fs.existsSync(path.join(dir, "never.risk.jsonc")), false);
    assert.deepEqual(fs.readdirSync(dir).sort(), ["bad.json", "comet.risk.jsonc"], "no temporary file left");
    assert.equal(cli("import", "compound-v3", out.replace("comet", "missing")).code, 2);
    assert.equal(cli("import", "gmx", bad).code, 2);
    const forced = cli(
      "import",
      "aave-v3",
      path.join(fixtures, "aave-v3-arbitrum-20231031.EXCERPT.json"),
      "-o",
      out,
      "--force",
    );
    assert.equal(forced.code, 0, forced.err);
    assert.match(fs.readFileSync(out, "utf8"), /Aave v3 \(chain 42161\)/);
  });

  it("prints to stdout without -o", () => {
    const printed = cli(
      "import",
      "hyperliquid",
      path.join(fixtures, "hyperliquid-meta-response-20230717.cassette.yaml"),
    );
    assert.equal(printed.code, 0);
    assert.ok(parseJsonc(printed.out).venues[0].markets["BTC-PERP"]);
  });
});
